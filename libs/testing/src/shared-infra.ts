/**
 * The Redis and PostgreSQL that jest's global setup starts once for the whole run, handed to the test
 * workers through the environment.
 */
export interface SharedInfra {
  redisAddress: string;
  redisPort: number;
  /** A maintenance URL for the cluster; tests make their own databases with {@link createTestDatabase}. */
  postgresUrl: string;
  postgresPort: number;
  /** Where per-test throwaway servers keep their data. */
  scratchDir: string;
}

const ENV_KEY = 'TRACERA_TEST_INFRA';

export function publishSharedInfra(infra: SharedInfra): void {
  process.env[ENV_KEY] = JSON.stringify(infra);
}

export function sharedInfra(): SharedInfra {
  const raw = process.env[ENV_KEY];
  if (!raw) {
    throw new Error(
      'shared test infrastructure is not running: integration and system tests run under jest (npm test)',
    );
  }
  return JSON.parse(raw) as SharedInfra;
}
