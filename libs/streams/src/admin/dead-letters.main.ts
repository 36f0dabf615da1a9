import { loadConfig } from '@tracera/config';
import { createRedisConnection, waitUntilReady } from '@tracera/redis';
import { runDeadLettersCommand } from './dead-letters-command';
import { DeadLetters } from './dead-letters';

/**
 * `node dist/libs/streams/src/admin/dead-letters.main.js list|redrive|discard <stream> …` with the services'
 * REDIS_* environment. Output goes to stdout, failures to stderr with exit code 1 (2 for usage).
 */
async function main(): Promise<number> {
  const config = loadConfig({ service: 'admin', defaultPort: 0 });
  const redis = createRedisConnection(config.redis.core, {
    service: 'admin',
    purpose: 'command',
    name: 'dead-letters',
  });
  try {
    if (!(await waitUntilReady(redis, config.redis.core.dialTimeoutMs))) {
      process.stderr.write(`cannot reach redis core (REDIS_ADDR)\n`);
      return 1;
    }
    return await runDeadLettersCommand(process.argv.slice(2), {
      deadLetters: new DeadLetters(redis),
      keyPrefix: config.redis.keyPrefix,
      out: (text) => process.stdout.write(text),
    });
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  },
);
