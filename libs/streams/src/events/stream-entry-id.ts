const ENTRY_ID = /^(\d+)-(\d+)$/;

/** A stream entry id (`<ms>-<seq>`) as numbers; ids compare numerically, not as strings (`9-0` < `10-0`). */
export function parseStreamEntryId(id: string): { ms: bigint; seq: bigint } {
  const match = ENTRY_ID.exec(id);
  if (!match) throw new Error(`"${id}" is not a stream entry id (<ms>-<seq>)`);
  return { ms: BigInt(match[1]), seq: BigInt(match[2]) };
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareStreamEntryIds(a: string, b: string): number {
  const left = parseStreamEntryId(a);
  const right = parseStreamEntryId(b);
  if (left.ms !== right.ms) return left.ms < right.ms ? -1 : 1;
  if (left.seq !== right.seq) return left.seq < right.seq ? -1 : 1;
  return 0;
}

/** The newer of two entry ids. */
export function newerStreamEntryId(a: string, b: string): string {
  return compareStreamEntryIds(a, b) >= 0 ? a : b;
}
