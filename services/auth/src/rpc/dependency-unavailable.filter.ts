import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { isDatabaseUnavailableError } from '@tracera/db';
import { isRedisUnavailableError } from '@tracera/redis';
import { RpcError } from '@tracera/streams';
import { type Observable, throwError } from 'rxjs';

/**
 * Postgres or the session Redis being unreachable is UNAVAILABLE (503: "try again"), not INTERNAL: sessions
 * fail closed, and the caller learns it was not its fault. Everything else keeps Nest's handling.
 */
@Catch()
export class DependencyUnavailableFilter extends BaseRpcExceptionFilter {
  private readonly logger = new Logger(DependencyUnavailableFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    if (exception instanceof RpcError) return throwError(() => exception);
    const dependency = isDatabaseUnavailableError(exception)
      ? 'postgres'
      : isRedisUnavailableError(exception)
        ? 'redis'
        : undefined;
    if (dependency === undefined) return super.catch(exception, host);
    this.logger.warn(`${dependency} unavailable: ${(exception as Error).message}`);
    return throwError(() => new RpcError('UNAVAILABLE', `${dependency} is unavailable; try again shortly`));
  }
}
