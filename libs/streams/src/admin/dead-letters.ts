import {
  type DeadLetter,
  DEAD_LETTER_FIELD_PREFIX,
  DeadLetterField,
  parseDeadLetter,
} from '../events/dead-letter';
import { LuaScript, type RedisConnection } from '@tracera/redis';
import { parseEntryList } from '../events/stream-replies';
import { deadLetterStreamOf } from '../stream-names';

// One script per entry: the original fields go back as a new entry of the stream and the dead letter goes,
// both or neither (the two keys share the stream's hash tag). The entry's own record of its stream must
// match, so a re-drive never lands on another stream.
const redriveScript = new LuaScript(
  'redrive-dead-letters',
  `
local entries
if ARGV[1] == 'one' then
  entries = redis.call('XRANGE', KEYS[2], ARGV[2], ARGV[2])
else
  entries = redis.call('XRANGE', KEYS[2], '-', ARGV[2], 'COUNT', tonumber(ARGV[3]))
end
local moved = {}
for _, entry in ipairs(entries) do
  local original, stream = {}, nil
  local raw = entry[2]
  for i = 1, #raw, 2 do
    if raw[i] == '${DeadLetterField.stream}' then stream = raw[i + 1] end
    if string.sub(raw[i], 1, ${DEAD_LETTER_FIELD_PREFIX.length}) ~= '${DEAD_LETTER_FIELD_PREFIX}' then
      original[#original + 1] = raw[i]
      original[#original + 1] = raw[i + 1]
    end
  end
  if stream ~= KEYS[1] then
    return redis.error_reply('dead letter ' .. entry[1] .. ' belongs to stream ' .. tostring(stream) .. ', not ' .. KEYS[1])
  end
  if #original == 0 then
    return redis.error_reply('dead letter ' .. entry[1] .. ' holds no original fields')
  end
  local newId = redis.call('XADD', KEYS[1], '*', unpack(original))
  redis.call('XDEL', KEYS[2], entry[1])
  moved[#moved + 1] = entry[1]
  moved[#moved + 1] = newId
end
return moved
`,
);

/** A dead letter put back on its stream: its old id in the dead-letter stream and its new entry id. */
export interface Redriven {
  deadEntryId: string;
  entryId: string;
}

/** Entries re-driven by one script call of {@link DeadLetters.redriveAll}. */
const REDRIVE_BATCH = 100;

/**
 * Inspecting and re-driving dead letters. A re-driven message is a new entry of the original stream with the
 * original fields (the same envelope id), so every group of the stream sees it again: the groups that
 * handled it before skip it by its id, as idempotent handlers do with any redelivery.
 */
export class DeadLetters {
  constructor(
    private readonly redis: RedisConnection,
    private readonly deadLetterStream: (stream: string) => string = deadLetterStreamOf,
  ) {}

  /** Oldest first, from `after` (exclusive) on, at most `count`. */
  async list(stream: string, options: { count?: number; after?: string } = {}): Promise<DeadLetter[]> {
    const start = options.after ? `(${options.after}` : '-';
    const reply = await this.redis.call(
      'XRANGE',
      this.deadLetterStream(stream),
      start,
      '+',
      'COUNT',
      options.count ?? 100,
    );
    return parseEntryList(reply, 'XRANGE').flatMap((entry) =>
      entry.fields ? [parseDeadLetter(entry.id, entry.fields)] : [],
    );
  }

  /** Dead letters of `stream` right now. */
  count(stream: string): Promise<number> {
    return this.redis.xlen(this.deadLetterStream(stream));
  }

  /** Puts one dead letter back on its stream; resolves to its new entry id, or null when there is no such dead letter. */
  async redrive(stream: string, deadEntryId: string): Promise<string | null> {
    const [moved] = await this.runRedrive(stream, ['one', deadEntryId]);
    return moved?.entryId ?? null;
  }

  /**
   * Puts every dead letter that exists now back on its stream, in batches. Letters that die again while this
   * runs are newer than where it stops, so it cannot chase its own tail.
   */
  async redriveAll(stream: string): Promise<Redriven[]> {
    const newest = (await this.redis.call(
      'XREVRANGE',
      this.deadLetterStream(stream),
      '+',
      '-',
      'COUNT',
      1,
    )) as [string, string[]][] | null;
    const lastId = newest?.[0]?.[0];
    if (!lastId) return [];
    const all: Redriven[] = [];
    for (;;) {
      const moved = await this.runRedrive(stream, ['upto', lastId, REDRIVE_BATCH]);
      all.push(...moved);
      if (moved.length < REDRIVE_BATCH) return all;
    }
  }

  /** Deletes a dead letter for good (a message nobody should ever handle); false when it did not exist. */
  async discard(stream: string, deadEntryId: string): Promise<boolean> {
    return (await this.redis.xdel(this.deadLetterStream(stream), deadEntryId)) === 1;
  }

  private async runRedrive(stream: string, args: (string | number)[]): Promise<Redriven[]> {
    const reply = (await redriveScript.run(
      this.redis,
      [stream, this.deadLetterStream(stream)],
      args,
    )) as string[];
    const moved: Redriven[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2)
      moved.push({ deadEntryId: reply[i], entryId: reply[i + 1] });
    return moved;
  }
}
