import { randomBytes } from 'node:crypto';
import { runMigrations, type ServiceDatabase } from '@tracera/db';
import { createTestDatabase, ServiceProcess, type ServiceName, sharedInfra } from '@tracera/testing';
import { authDatabase } from '../../../auth/src/database/auth.database';

export interface AuthStackOptions {
  /** Label of the fresh database. */
  label: string;
  /** Another Redis than the run's shared one (a throwaway one for fault tests). */
  redisAddress?: string;
  /** Extra environment of every process. */
  env?: Record<string, string>;
  /** Extra environment of the two gateway replicas only (`undefined` unsets a variable). */
  gatewayEnv?: Record<string, string | undefined>;
  /** More schemas to migrate besides auth's (the services below need theirs). */
  databases?: readonly ServiceDatabase[];
  /** More services to run as real processes, started before the gateways (which call them). */
  services?: readonly Exclude<ServiceName, 'gateway' | 'auth'>[];
}

/** The auth service and two gateway replicas as real processes, sharing one Redis key prefix and database. */
export interface AuthStack {
  auth: ServiceProcess;
  gatewayA: ServiceProcess;
  gatewayB: ServiceProcess;
  /** The processes of `options.services`, by name. */
  services: Partial<Record<ServiceName, ServiceProcess>>;
  databaseUrl: string;
  keyPrefix: string;
  /** One more gateway replica of the same stack, with its own extra environment. */
  startGateway(env?: Record<string, string | undefined>): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

export async function startAuthStack(options: AuthStackOptions): Promise<AuthStack> {
  const databaseUrl = await createTestDatabase(options.label);
  await runMigrations(databaseUrl, [authDatabase, ...(options.databases ?? [])], quiet);
  const keyPrefix = `t${randomBytes(4).toString('hex')}:`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    REDIS_ADDR: options.redisAddress ?? sharedInfra().redisAddress,
    REDIS_KEY_PREFIX: keyPrefix,
    DATABASE_URL: databaseUrl,
    // The general limit (100/min per user or IP) is not under test here and every request comes from 127.0.0.1.
    RATE_LIMIT_API: '100000/1m',
    ...options.env,
  };
  const started: ServiceProcess[] = [];
  const services: Partial<Record<ServiceName, ServiceProcess>> = {};
  const startGateway = async (extra: Record<string, string | undefined> = {}) => {
    // The gateway streams file bytes to the content service's own HTTP port.
    const content = services.content ? { CONTENT_INTERNAL_URL: services.content.url } : {};
    const gateway = await ServiceProcess.startReady(
      'gateway',
      { env: { ...env, ...content, ...options.gatewayEnv, ...extra } },
      40_000,
    );
    started.push(gateway);
    return gateway;
  };
  const stop = async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop().catch(() => proc.kill9())));
  };
  try {
    const auth = await ServiceProcess.startReady('auth', { env }, 40_000);
    started.push(auth);
    await Promise.all(
      (options.services ?? []).map(async (service) => {
        services[service] = await ServiceProcess.startReady(service, { env }, 40_000);
        started.push(services[service]);
      }),
    );
    const [gatewayA, gatewayB] = await Promise.all([startGateway(), startGateway()]);
    return { auth, gatewayA, gatewayB, services, databaseUrl, keyPrefix, startGateway, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface TestAccount {
  email: string;
  username: string;
  password: string;
}

/** Credentials no other test uses. */
export function newAccount(label = 'user'): TestAccount {
  const suffix = randomBytes(4).toString('hex');
  return {
    email: `${label}-${suffix}@example.test`,
    username: `${label}_${suffix}`,
    password: `correct horse ${suffix}`,
  };
}
