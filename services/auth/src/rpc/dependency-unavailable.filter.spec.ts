import { type ArgumentsHost, Logger } from '@nestjs/common';
import { RpcError } from '@tracera/streams';
import { firstValueFrom } from 'rxjs';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';

async function rejection(exception: unknown): Promise<unknown> {
  const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
  return firstValueFrom(new DependencyUnavailableFilter().catch(exception, host)).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('DependencyUnavailableFilter', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it.each([
    [
      'Redis with its offline queue off',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ],
    ['a Redis command timeout', new Error('Command timed out')],
    [
      'a refused Postgres connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
  ])('answers %s with UNAVAILABLE', async (_label, exception) => {
    const error = await rejection(exception);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe('UNAVAILABLE');
  });

  it('passes an RpcError through unchanged', async () => {
    const original = new RpcError('NOT_FOUND', 'no such session');
    expect(await rejection(original)).toBe(original);
  });

  it('leaves other failures to Nest (a generic internal error, no detail)', async () => {
    const error = await rejection(new Error('syntax error at or near "SELEC"'));
    expect(error).not.toBeInstanceOf(RpcError);
    expect(JSON.stringify(error)).not.toContain('SELEC');
  });
});
