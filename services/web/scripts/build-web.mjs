// `npm run build`'s web step: `next build` of services/web, skipped when the last build is newer than every
// input (sources, config, lock file), so `npm start` and `npm test` don't pay ~1 min for an unchanged app.
//   node services/web/scripts/build-web.mjs [--force]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(webRoot, '..', '..');
const INPUTS = [
  join(webRoot, 'src'),
  join(webRoot, 'public'),
  join(webRoot, 'next.config.mjs'),
  join(webRoot, 'tsconfig.json'),
  join(repoRoot, 'package-lock.json'),
];

/** @param {string} path @returns {number} the newest modification time at or under `path` (0 if absent) */
function newestMtime(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = newestMtime(join(webRoot, '.next', 'BUILD_ID'));
const changedAt = Math.max(...INPUTS.map(newestMtime));
if (!process.argv.includes('--force') && builtAt > changedAt) {
  process.stderr.write('web app: up to date (services/web/.next)\n');
  process.exit(0);
}
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build', webRoot],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
);
if (result.status !== 0) process.exit(result.status ?? 1);
// The standalone server serves .next/static and public/ itself only when they sit beside it (as in the image).
const standaloneWeb = join(webRoot, '.next', 'standalone', 'services', 'web');
cpSync(join(webRoot, '.next', 'static'), join(standaloneWeb, '.next', 'static'), { recursive: true });
if (existsSync(join(webRoot, 'public'))) {
  cpSync(join(webRoot, 'public'), join(standaloneWeb, 'public'), { recursive: true });
}
process.stderr.write(`web app: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
