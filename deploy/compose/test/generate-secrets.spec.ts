import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import { interpolateData, readComposeFile } from '../src/compose-file';

const SCRIPT = join(REPO_ROOT, 'deploy', 'compose', 'generate-secrets.sh');
const SECRET = /^[0-9a-f]{64}$/;

/** The variables a file sets (last assignment wins, as in compose's .env reading). */
function assignments(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
}

/** Every variable compose must be given (`:?`) by compose.prod.yml and its sentinel override. */
function requiredByCompose(): string[] {
  const files = ['compose.prod.yml', 'deploy/compose/compose.sentinel.yml'].map((path) =>
    readComposeFile(join(REPO_ROOT, path)),
  );
  const names = files.flatMap((file) =>
    file.references.filter((r) => r.operator === ':?').map((r) => r.name),
  );
  return [...new Set(names)].sort();
}

describe('generate-secrets.sh', () => {
  let dir: string;
  const run = (envFile: string) => execFileSync('sh', [SCRIPT, envFile], { cwd: dir, encoding: 'utf8' });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tracera-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a private .env with a distinct random URL-safe secret for everything compose requires', () => {
    const output = run('.env');
    const envFile = join(dir, '.env');
    const values = assignments(readFileSync(envFile, 'utf8'));
    expect(Object.keys(values).sort()).toEqual(requiredByCompose());
    for (const value of Object.values(values)) expect(value).toMatch(SECRET);
    expect(new Set(Object.values(values)).size).toBe(Object.keys(values).length);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(output).not.toContain(values.POSTGRES_PASSWORD);
    // With them, compose.prod.yml interpolates (no `:?` stops it).
    const prod = readComposeFile(join(REPO_ROOT, 'compose.prod.yml'));
    const interpolated = interpolateData(prod.data, values);
    expect((interpolated.services.auth.environment as Record<string, string>).REDIS_PASSWORD).toBe(
      values.REDIS_AUTH_PASSWORD,
    );
  });

  it('fills the empty secrets of a copied .env.example in place and keeps every other line', () => {
    const envFile = join(dir, '.env');
    copyFileSync(join(REPO_ROOT, '.env.example'), envFile);
    const before = readFileSync(envFile, 'utf8');
    run('.env');
    const after = readFileSync(envFile, 'utf8');
    const values = assignments(after);
    const generated = requiredByCompose().filter((name) => SECRET.test(values[name] ?? ''));
    expect(generated).toEqual(requiredByCompose());
    // Each secret assigned once: the empty lines were filled, not duplicated.
    expect(after.match(/^POSTGRES_PASSWORD=/gm)).toHaveLength(1);
    const unchanged = (text: string) => text.split('\n').filter((line) => !/^[A-Z_]+=/.test(line));
    expect(unchanged(after).slice(0, unchanged(before).length)).toEqual(unchanged(before));
  });

  it('never overwrites a secret that is already set, and a second run changes nothing', () => {
    const envFile = join(dir, '.env');
    writeFileSync(envFile, 'POSTGRES_PASSWORD=chosen-by-the-operator\nREDIS_ADMIN_PASSWORD=\n');
    const output = run('.env');
    expect(output).toContain('kept POSTGRES_PASSWORD (already set)');
    const first = readFileSync(envFile, 'utf8');
    expect(assignments(first).POSTGRES_PASSWORD).toBe('chosen-by-the-operator');
    expect(assignments(first).REDIS_ADMIN_PASSWORD).toMatch(SECRET);
    run('.env');
    expect(readFileSync(envFile, 'utf8')).toBe(first);
  });

  it('refuses a target that is not a writable file', () => {
    expect(() => execFileSync('sh', [SCRIPT, dir], { stdio: 'pipe' })).toThrow(/is not a writable file/);
  });
});
