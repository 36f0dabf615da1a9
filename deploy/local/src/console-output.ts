import { createInterface } from 'node:readline';
import { type Readable } from 'node:stream';

const COLORS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/** Where the runner and its children print: every line prefixed with who said it (`gateway#2 | …`). */
export class ConsoleOutput {
  private readonly color: boolean;
  private width = 8;
  private readonly colorByName = new Map<string, number>();

  constructor(
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
    color = process.stdout.isTTY === true && !process.env.NO_COLOR,
  ) {
    this.color = color;
  }

  /** Makes every prefix as wide as the longest name, so log lines line up. */
  reserveWidth(names: readonly string[]): void {
    this.width = Math.max(this.width, ...names.map((name) => name.length));
  }

  prefix(name: string): string {
    const padded = name.padEnd(this.width);
    if (!this.color) return `${padded} | `;
    let code = this.colorByName.get(name);
    if (code === undefined) {
      code = COLORS[this.colorByName.size % COLORS.length];
      this.colorByName.set(name, code);
    }
    return `\u001b[${code}m${padded} |\u001b[0m `;
  }

  /** A line from the runner itself. */
  info(message: string): void {
    this.stdout.write(`${this.prefix('local')}${message}\n`);
  }

  warn(message: string): void {
    this.stderr.write(`${this.prefix('local')}${message}\n`);
  }

  /** Copies a child's output line by line under its name. */
  relay(name: string, stream: Readable | null | undefined, target: 'stdout' | 'stderr'): void {
    if (!stream) return;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    const sink = target === 'stdout' ? this.stdout : this.stderr;
    lines.on('line', (line) => sink.write(`${this.prefix(name)}${line}\n`));
  }

  /** Resolves once what was written so far has been handed to the OS, so nothing is lost at exit. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      this.stdout.write('', () => this.stderr.write('', () => resolve()));
    });
  }
}
