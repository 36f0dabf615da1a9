import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { USAGE, UsageError, parseCliArguments } from './cli-arguments';
import { ConsoleOutput } from './console-output';
import { runStatus } from './status-command';
import { runStop } from './stop-command';

/** The repository root: the nearest folder up from here (src or dist) that holds the bootstrap script. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'deploy', 'local', 'bootstrap.mjs'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no Tracera checkout above ${from}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const repoRoot = findRepoRoot(__dirname);
  let command;
  try {
    command = parseCliArguments(argv, process.env, { repoRoot, cwd: process.cwd() });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  switch (command.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'status':
      return runStatus(command);
    case 'stop':
      return runStop(command);
    case 'start': {
      // A closed terminal turns writes into EIO/EPIPE errors; the stack must still shut down in order.
      for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
      // Loaded only here: status and stop stay quick without Nest, zod and pg.
      const { LocalStack } = await import('./local-stack');
      const output = new ConsoleOutput();
      const code = await new LocalStack(command, repoRoot, output).run();
      await output.flush();
      return code;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
