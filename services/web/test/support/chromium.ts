import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: the tests drive the system browser and never download one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const APT_UPDATE_TIMEOUT_MS = 120_000;
const APT_INSTALL_TIMEOUT_MS = 300_000;
/** Longest {@link launchChromium} may take, installing the browser included. */
export const CHROMIUM_LAUNCH_BUDGET_MS = APT_UPDATE_TIMEOUT_MS + APT_INSTALL_TIMEOUT_MS + 30_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const execFileAsync = promisify(execFile);

/** Runs apt-get without blocking the event loop (jest's timers and other polling keep running). */
async function aptGet(args: string[], timeout: number): Promise<void> {
  try {
    await execFileAsync('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(
      `apt-get ${args.join(' ')} failed; install Chromium by hand (apt-get install -y chromium):\n${output}`,
    );
  }
}

/** Installs Debian's `chromium` package when it is missing and we may (root); otherwise says how to. */
export async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install Debian's Chromium first (sudo apt-get install -y chromium).`,
    );
  }
  // A fresh image has no package lists yet.
  await aptGet(['update', '-qq'], APT_UPDATE_TIMEOUT_MS);
  await aptGet(['install', '-y', '--no-install-recommends', 'chromium'], APT_INSTALL_TIMEOUT_MS);
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is missing`);
}

/** Headless Chromium; each launch gets its own profile and each `newContext()` its own cookies. */
export async function launchChromium(): Promise<Browser> {
  await ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
