#!/usr/bin/env node
// Entry point of `npm start|stop|status|test|bench` on a fresh clone: installs the npm dependencies when
// needed, builds, and hands over to the compiled runner (or jest). Plain Node with no dependencies,
// because node_modules may not exist yet when it runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const runnerEntry = join(repoRoot, 'dist', 'deploy', 'local', 'src', 'main.js');
const benchEntry = join(repoRoot, 'dist', 'bench', 'main.js');
const jestEntry = join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');

const USAGE = `Usage: node deploy/local/bootstrap.mjs <start|stop|status|test|bench> [args...]
  start    build, then run the whole stack locally (Ctrl-C stops it)
  stop     stop the stack that \`start\` runs
  status   show the stack's processes and their health (--json for JSON)
  test     build, then run the unit + integration tests and then the system tests
  bench    build, then run the benchmarks
Pass options after \`--\` with npm, e.g. \`npm start -- --replicas gateway=2\`, \`npm run status -- --json\`.`;

/** @param {string} message */
function log(message) {
  console.error(`[bootstrap] ${message}`);
}

/**
 * @param {string} path
 * @returns {number | undefined}
 */
function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
function ensureDependencies() {
  const installed = mtimeMs(join(repoRoot, 'node_modules', '.package-lock.json'));
  const locked = mtimeMs(join(repoRoot, 'package-lock.json'));
  if (installed !== undefined && (locked === undefined || locked <= installed)) return;
  log(
    installed === undefined
      ? 'node_modules is missing: running npm ci'
      : 'package-lock.json changed: running npm ci',
  );
  if (run(npm, ['ci', '--no-audit', '--no-fund'], 'npm ci') === 0) return;
  // npm 11 can reject a lock file whose optional platform bindings the registry lacks ("Missing: … from
  // lock file", npm/cli#4828); `npm install --no-save` installs the locked versions and writes nothing.
  log('npm ci failed; installing with `npm install --no-save` instead (package-lock.json stays as it is)');
  runOrExit(npm, ['install', '--no-save', '--no-audit', '--no-fund'], 'npm install');
}

function build() {
  const started = Date.now();
  runOrExit(npm, ['run', '--silent', 'build'], 'npm run build');
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Like {@link run}, but a failure ends the bootstrap with the step's exit code.
 * @param {string} command
 * @param {string[]} args
 * @param {string} label
 */
function runOrExit(command, args, label) {
  const status = run(command, args, label);
  if (status !== 0) process.exit(status);
}

/**
 * Runs a step in the foreground and returns its exit code, having said why when it is not 0.
 * @param {string} command
 * @param {string[]} args
 * @param {string} label
 * @returns {number}
 */
function run(command, args, label) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    log(`${label} could not be started: ${result.error.message}`);
    return 1;
  }
  if (result.status !== 0) {
    log(`${label} failed (${result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`})`);
    return result.status ?? 1;
  }
  return 0;
}

/**
 * Runs the long-lived step as a child in its own process group, so a terminal's Ctrl-C reaches only us
 * (npm forwards it a second time; a child that saw both would take the second as "force"), and passes
 * each signal on once.
 * `wholeGroup` sends it to every process of the child's group, as a terminal would (jest and the servers
 * its global setup started); otherwise only the child gets it (the runner stops its children in order).
 * @param {string} command
 * @param {string[]} args
 * @param {{ wholeGroup?: boolean, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<number>}
 */
function handOver(command, args, { wholeGroup = false, env = process.env } = {}) {
  return new Promise((resolveExit) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
      env,
    });
    /** @type {Map<NodeJS.Signals, number>} */
    const lastForwarded = new Map();
    /** @param {NodeJS.Signals} signal */
    const forward = (signal) => {
      const now = Date.now();
      // The same Ctrl-C arrives from the terminal and again from npm within a few milliseconds.
      if (now - (lastForwarded.get(signal) ?? 0) < 500) return;
      lastForwarded.set(signal, now);
      try {
        const pid = child.pid ?? 0;
        if (pid > 0) process.kill(wholeGroup ? -pid : pid, signal);
      } catch {
        // already gone
      }
    };
    /** @type {NodeJS.Signals[]} */
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, forward);
    child.once('error', (error) => {
      log(`${command} could not be started: ${error.message}`);
      resolveExit(1);
    });
    child.once('exit', (code, signal) => {
      for (const name of signals) process.off(name, forward);
      resolveExit(code ?? (signal ? 128 + signalNumber(signal) : 1));
    });
  });
}

/**
 * @param {NodeJS.Signals} signal
 * @returns {number}
 */
function signalNumber(signal) {
  /** @type {Partial<Record<NodeJS.Signals, number>>} */
  const numbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 1;
}

/**
 * @param {string[]} extraArgs
 * @returns {Promise<number>}
 */
async function runTests(extraArgs) {
  // Two runs: unit and integration tests share two workers; system tests start many processes each,
  // so they run one at a time. A path filter usually matches only one of the runs, hence passWithNoTests.
  const resultsDir = mkdtempSync(join(tmpdir(), 'tracera-jest-'));
  /**
   * @param {string} name
   * @param {string[]} options
   */
  const jest = (name, options) =>
    // --passWithNoTests right after the project names also ends that list, so a path filter in extraArgs
    // is read as a filter, not as one more project.
    handOver(
      process.execPath,
      [
        jestEntry,
        ...options,
        '--passWithNoTests',
        '--json',
        `--outputFile=${join(resultsDir, `${name}.json`)}`,
        ...extraArgs,
      ],
      { wholeGroup: true },
    );
  const first = await jest('unit-integration', ['--selectProjects', 'unit', 'integration']);
  const second = await jest('system', ['--runInBand', '--selectProjects', 'system']);
  if (first !== 0) log(`unit and integration tests failed (exit code ${first})`);
  if (second !== 0) log(`system tests failed (exit code ${second})`);
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const name of ['unit-integration', 'system']) {
    try {
      const results = JSON.parse(readFileSync(join(resultsDir, `${name}.json`), 'utf8'));
      totals.passed += results.numPassedTests;
      totals.failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
      totals.skipped += results.numPendingTests + results.numTodoTests;
    } catch {
      totals.failed += 1; // a run that left no results crashed before reporting
    }
  }
  rmSync(resultsDir, { recursive: true, force: true });
  // One closing line for every jest run together, in the plain form CI summaries read.
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return first !== 0 ? first : second;
}

/** @returns {Promise<number>} */
async function main() {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'start':
    case 'status':
    case 'stop': {
      ensureDependencies();
      // status and stop only read the state file: no need to wait for a build, unless nothing was built.
      if (command === 'start' || !existsSync(runnerEntry)) build();
      return handOver(process.execPath, [runnerEntry, command, ...args], {
        env: { ...process.env, TRACERA_LOCAL_PARENT_PID: String(process.pid) },
      });
    }
    case 'test':
      ensureDependencies();
      build();
      return runTests(args);
    case 'bench':
      ensureDependencies();
      build();
      if (!existsSync(benchEntry)) {
        log(
          'there is no benchmark suite yet (dist/bench/main.js was not built from bench/main.ts); nothing to run',
        );
        return 0;
      }
      return handOver(process.execPath, [benchEntry, ...args], { wholeGroup: true });
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

const exitCode = await main();
// Let stdio drain, then leave with the child's code.
setTimeout(() => process.exit(exitCode), 0);
