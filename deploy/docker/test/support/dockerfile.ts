/** One Dockerfile instruction with its continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string | undefined;
  image: string;
  instructions: Instruction[];
}

/** Instructions of a Dockerfile (parser directives and comments dropped, `\` continuations joined). */
export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  let pending: { parts: string[]; line: number } | undefined;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (pending === undefined && (trimmed === '' || trimmed.startsWith('#'))) return;
    // Comment lines inside a continued instruction are skipped by Docker too.
    if (pending !== undefined && trimmed.startsWith('#')) return;
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending ??= { parts: [], line: index + 1 };
    pending.parts.push(part);
    if (continues) return;
    const joined = pending.parts.filter((p) => p !== '').join(' ');
    const [keyword, ...rest] = joined.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

/** The build stages of a Dockerfile, in order. */
export function parseStages(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const asIndex = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({
        image: words[0],
        name: asIndex >= 0 ? words[asIndex + 1] : undefined,
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

export interface CopyInstruction {
  from: string | undefined;
  chown: string | undefined;
  chmod: string | undefined;
  sources: string[];
  destination: string;
}

/** A COPY's flags, sources and destination (shell form; the JSON form is not used here). */
export function parseCopy(instruction: Instruction): CopyInstruction {
  const words = instruction.args.split(/\s+/);
  const flags = new Map<string, string>();
  const paths: string[] = [];
  for (const word of words) {
    const flag = /^--([a-z-]+)=(.*)$/.exec(word);
    if (flag && paths.length === 0) flags.set(flag[1], flag[2]);
    else paths.push(word);
  }
  return {
    from: flags.get('from'),
    chown: flags.get('chown'),
    chmod: flags.get('chmod'),
    sources: paths.slice(0, -1),
    destination: paths[paths.length - 1],
  };
}

/** The exec-form (JSON array) arguments of CMD, ENTRYPOINT or HEALTHCHECK … CMD. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}
