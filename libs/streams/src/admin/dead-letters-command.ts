import { type DeadLetter } from '../events/dead-letter';
import { StreamNames } from '../stream-names';
import { type DeadLetters } from './dead-letters';

export const DEAD_LETTERS_USAGE = `usage:
  dead-letters list <stream> [--count <n>] [--json]
  dead-letters redrive <stream> (<dead-entry-id> | --all)
  dead-letters discard <stream> <dead-entry-id>

<stream> is a stream key (tr:{ev:content}) or a service name (content: its event stream).
Re-driven messages go back to their stream as new entries with their original fields; every group of
the stream sees them again and skips those it handled before (by envelope id).
`;

export interface DeadLettersCommandContext {
  deadLetters: DeadLetters;
  /** REDIS_KEY_PREFIX, to turn a service name into its event stream. */
  keyPrefix: string;
  out(text: string): void;
}

class UsageError extends Error {}

function streamKey(argument: string | undefined, keyPrefix: string): string {
  if (!argument) throw new UsageError('missing <stream>');
  return argument.includes('{') ? argument : new StreamNames(keyPrefix).events(argument);
}

function describe(letter: DeadLetter): string {
  const type = letter.fields.type ?? '?';
  const id = letter.fields.id ?? '?';
  return (
    `${letter.deadEntryId}  ${letter.reason}  ${type} ${id}\n` +
    `  entry ${letter.entryId} of ${letter.stream}, group ${letter.group}, consumer ${letter.consumer}, ` +
    `${letter.deliveries} deliveries, failed at ${letter.failedAt}\n` +
    `  error: ${letter.error}\n`
  );
}

/** Runs one command line (without `node script`); resolves to the process exit code. */
export async function runDeadLettersCommand(
  argv: readonly string[],
  context: DeadLettersCommandContext,
): Promise<number> {
  const [command, ...rest] = argv;
  const flags = rest.filter((a) => a.startsWith('--'));
  const positional = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--count');
  try {
    if (!command || !['list', 'redrive', 'discard'].includes(command)) {
      throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
    }
    const stream = streamKey(positional[0], context.keyPrefix);
    switch (command) {
      case 'list': {
        const countAt = rest.indexOf('--count');
        const count = countAt >= 0 ? Number(rest[countAt + 1]) : 100;
        if (!Number.isInteger(count) || count < 1) throw new UsageError('--count takes a positive integer');
        const letters = await context.deadLetters.list(stream, { count });
        const total = await context.deadLetters.count(stream);
        if (flags.includes('--json')) context.out(`${JSON.stringify(letters, null, 2)}\n`);
        else context.out(`${total} dead letters in ${stream}\n${letters.map(describe).join('')}`);
        return 0;
      }
      case 'redrive': {
        if (flags.includes('--all')) {
          const moved = await context.deadLetters.redriveAll(stream);
          context.out(`re-drove ${moved.length} dead letters to ${stream}\n`);
          return 0;
        }
        if (!positional[1]) throw new UsageError('redrive needs a <dead-entry-id> or --all');
        const entryId = await context.deadLetters.redrive(stream, positional[1]);
        if (!entryId) {
          context.out(`no dead letter ${positional[1]} in ${stream}\n`);
          return 1;
        }
        context.out(`re-drove ${positional[1]} to ${stream} as ${entryId}\n`);
        return 0;
      }
      case 'discard': {
        if (!positional[1]) throw new UsageError('discard needs a <dead-entry-id>');
        const discarded = await context.deadLetters.discard(stream, positional[1]);
        context.out(
          discarded ? `discarded ${positional[1]}\n` : `no dead letter ${positional[1]} in ${stream}\n`,
        );
        return discarded ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.out(`${error.message}\n${DEAD_LETTERS_USAGE}`);
    return 2;
  }
}
