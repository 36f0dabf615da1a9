import { parseCliArguments, UsageError, type StartOptions } from './cli-arguments';

const paths = { repoRoot: '/repo', cwd: '/somewhere' };

function start(argv: string[], env: NodeJS.ProcessEnv = {}): StartOptions {
  const parsed = parseCliArguments(['start', ...argv], env, paths);
  if (parsed.command !== 'start') throw new Error(`parsed as ${parsed.command}`);
  return parsed;
}

describe('parseCliArguments', () => {
  it('defaults to .local at the repository root, pretty logs and one replica each', () => {
    const options = start([]);

    expect(options.dataDir).toBe('/repo/.local');
    expect(options.logFormat).toBe('pretty');
    expect(options.replicas.size).toBe(0);
    expect(options.redisPort).toBeUndefined();
    expect(options.redisAddress).toBeUndefined();
  });

  it('reads replicas from repeated and comma-separated flags', () => {
    const options = start(['--replicas', 'gateway=2,auth=3', '--replicas', 'content=2']);

    expect(Object.fromEntries(options.replicas)).toEqual({ gateway: 2, auth: 3, content: 2 });
  });

  it('lets flags win over the environment', () => {
    const env = {
      TRACERA_LOCAL_REDIS_PORT: '7000',
      TRACERA_LOCAL_GATEWAY_PORT: '9000',
      REDIS_ADDR: 'redis:6379',
    };
    const options = start(['--redis-port', '7001'], env);

    expect(options.redisPort).toBe(7001);
    expect(options.servicePorts.get('gateway')).toBe(9000);
    expect(options.redisAddress).toBe('redis:6379');
  });

  it('resolves a relative --data-dir against the working directory', () => {
    expect(start(['--data-dir', 'data']).dataDir).toBe('/somewhere/data');
  });

  it('accepts the `--` that npm would have removed', () => {
    const parsed = parseCliArguments(['status', '--', '--json'], {}, paths);

    expect(parsed).toEqual({ command: 'status', dataDir: '/repo/.local', json: true });
  });

  it.each([
    [['--replicas', 'nosuch=2'], /unknown service "nosuch"/],
    [['--replicas', 'gateway=0'], /replica count/],
    [['--replicas', 'gateway'], /SERVICE=N/],
    [['--gateway-port', '70000'], /port number/],
    [['--log-format', 'xml'], /pretty or json/],
    [['--json'], /does not apply to "start"/],
    [['--bogus'], /bogus/],
  ])('rejects %j', (argv, message) => {
    expect(() => start(argv)).toThrow(UsageError);
    expect(() => start(argv)).toThrow(message);
  });

  it('rejects an unknown command', () => {
    expect(() => parseCliArguments(['launch'], {}, paths)).toThrow(/unknown command "launch"/);
  });
});
