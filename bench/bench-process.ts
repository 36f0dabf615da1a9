import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from '@tracera/embedded-servers';

/** dist/ when running compiled (`npm run bench` runs dist/bench/main.js). */
const DIST_ROOT = resolve(__dirname, '..');

/** A process a benchmark measures over HTTP: a built service, or a compiled bench fixture. */
export class BenchProcess {
  private output = '';

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  /** `node dist/services/<service>/src/main.js` with `PORT` and `env`, as production runs it. */
  static service(service: string, env: Record<string, string>): Promise<BenchProcess> {
    return BenchProcess.spawn(service, join(DIST_ROOT, 'services', service, 'src', 'main.js'), env);
  }

  /** A fixture compiled under dist/bench/fixtures. */
  static fixture(name: string, env: Record<string, string>): Promise<BenchProcess> {
    return BenchProcess.spawn(name, join(DIST_ROOT, 'bench', 'fixtures', `${name}.js`), env);
  }

  private static async spawn(
    name: string,
    entry: string,
    env: Record<string, string>,
  ): Promise<BenchProcess> {
    const port = await freePort();
    // BENCH_CPU_PROF_DIR=<dir>: each measured process writes a V8 CPU profile there when it exits.
    const profile = process.env.BENCH_CPU_PROF_DIR;
    const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
    const child = spawn(process.execPath, [...flags, entry], {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new BenchProcess(name, port, child);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Waits until `path` answers 200. */
  async waitFor(path: string, timeoutMs = 40_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null)
        throw new Error(`${this.name} exited during start-up:\n${this.output}`);
      const status = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(2000) })
        .then((response) => response.status)
        .catch(() => 0);
      if (status === 200) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${this.name} did not answer 200 on ${path} in ${timeoutMs} ms:\n${this.output.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGTERM, and SIGKILL if it has not left after 10 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
