import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import {
  execForm,
  type Instruction,
  parseCopy,
  parseInstructions,
  parseStages,
  type Stage,
} from './support/dockerfile';

const DISTROLESS_NODE = 'gcr.io/distroless/nodejs22-debian12:nonroot';
const NONROOT_UID = '65532';

const dockerfiles = {
  services: { path: 'deploy/docker/Dockerfile', runtimeStage: 'service' },
  web: { path: 'deploy/docker/web.Dockerfile', runtimeStage: 'web' },
} as const;

function read(relative: string): string {
  return readFileSync(join(REPO_ROOT, relative), 'utf8');
}

function stageNamed(stages: Stage[], name: string): Stage {
  const stage = stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`no stage named ${name}`);
  return stage;
}

function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** The stage itself and the stages it is built FROM, nearest first. */
function ancestry(stages: Stage[], stage: Stage): Stage[] {
  const chain = [stage];
  let base = stages.find((candidate) => candidate.name === stage.image);
  while (base) {
    chain.push(base);
    const next = base.image;
    base = stages.find((candidate) => candidate.name === next);
  }
  return chain;
}

/** .dockerignore patterns that exclude (negations dropped), for the simple forms the file uses. */
function ignoredBy(patterns: string[], path: string): boolean {
  const segments = path.replace(/^\.\//, '').replace(/\/$/, '').split('/');
  return patterns.some((pattern) => {
    if (pattern.startsWith('**/')) return segments.includes(pattern.slice(3));
    const prefix = pattern.split('/');
    return prefix.every((part, i) => part === segments[i]);
  });
}

const dockerignore = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const excluding = dockerignore.filter((line) => !line.startsWith('!') && !line.includes('*.'));

const servicesWithMain = readdirSync(join(REPO_ROOT, 'services'))
  .filter((service) => existsSync(join(REPO_ROOT, 'services', service, 'src', 'main.ts')))
  .sort();

describe.each(Object.entries(dockerfiles))('%s Dockerfile', (_label, { path, runtimeStage }) => {
  const text = read(path);
  const stages = parseStages(text);
  const runtime = stageNamed(stages, runtimeStage);

  it('declares a pinned BuildKit syntax (COPY --chmod and RUN --mount need it)', () => {
    expect(text.split('\n')[0]).toMatch(/^# syntax=docker\/dockerfile:1\.\d+$/);
  });

  it('pins every base image to a tag, never latest, never through a build argument', () => {
    const stageNames = new Set<string>();
    for (const stage of stages) {
      if (!stageNames.has(stage.image)) {
        expect(stage.image).not.toContain('$');
        const tag = /:([^/:@]+)$/.exec(stage.image)?.[1];
        expect({ image: stage.image, pinned: tag !== undefined && tag !== 'latest' }).toEqual({
          image: stage.image,
          pinned: true,
        });
      }
      if (stage.name) stageNames.add(stage.name);
    }
  });

  it('runs on distroless Node 22 as the non-root user, with a health check and production mode', () => {
    expect(runtime.image).toBe(DISTROLESS_NODE);
    const users = instructionsOf(runtime, 'USER').map((user) => user.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1].split(':')).toEqual([NONROOT_UID, NONROOT_UID]);
    const healthchecks = instructionsOf(runtime, 'HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    expect(execForm(healthchecks[0].args)).toEqual(['/healthcheck']);
    expect(
      instructionsOf(runtime, 'ENV')
        .map((env) => env.args)
        .join(' '),
    ).toMatch(/(^|\s)NODE_ENV=production(\s|$)/);
    // Distroless has no shell: a RUN here could never work.
    expect(instructionsOf(runtime, 'RUN')).toEqual([]);
  });

  it('ships files owned by root (not writable by the runtime user) and /healthcheck executable', () => {
    const copies = instructionsOf(runtime, 'COPY').map(parseCopy);
    expect(copies.length).toBeGreaterThan(0);
    // The one exception: /data, the mount point a new files volume copies its (writable) owner from.
    for (const copy of copies.filter((c) => c.destination !== '/data')) {
      expect({ ...copy, chown: copy.chown }).toMatchObject({ chown: '0:0' });
    }
    const healthcheck = copies.filter((copy) => copy.destination === '/healthcheck');
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0].chmod).toBe('0755');
    const source = healthcheck[0].sources[0];
    expect(source.endsWith('healthcheck.js')).toBe(true);
  });

  it('copies from the build context only files that exist and that .dockerignore lets through', () => {
    const contextSources = stages.flatMap((stage) =>
      instructionsOf(stage, 'COPY')
        .map(parseCopy)
        .filter((copy) => copy.from === undefined)
        .flatMap((copy) => copy.sources),
    );
    expect(contextSources.length).toBeGreaterThan(0);
    for (const source of contextSources) {
      expect({ source, exists: existsSync(join(REPO_ROOT, source)) }).toEqual({
        source,
        exists: true,
      });
      expect({ source, ignored: ignoredBy(excluding, source) }).toEqual({ source, ignored: false });
    }
  });

  it('installs dependencies from package.json and package-lock.json alone first, so code edits keep that layer', () => {
    // A stage built FROM another stage starts with that stage's instructions.
    const withAncestors = (stage: Stage): Instruction[] => {
      const parent = stages.find((candidate) => candidate.name === stage.image);
      return [...(parent ? withAncestors(parent) : []), ...stage.instructions];
    };
    const installing = stages.filter((candidate) =>
      candidate.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)),
    );
    expect(installing.length).toBeGreaterThan(0);
    for (const stage of installing) {
      const instructions = withAncestors(stage);
      const firstCopy = instructions.find((i) => i.keyword === 'COPY');
      const install = instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
      expect(firstCopy && parseCopy(firstCopy).sources).toEqual(['package.json', 'package-lock.json']);
      const copiesBeforeInstall = instructions.slice(0, install).filter((i) => i.keyword === 'COPY');
      expect(copiesBeforeInstall).toHaveLength(1);
    }
  });
});

describe('service image (deploy/docker/Dockerfile)', () => {
  const stages = parseStages(read(dockerfiles.services.path));
  const runtime = stageNamed(stages, 'service');
  const runtimeCopies = instructionsOf(runtime, 'COPY').map(parseCopy);

  it('takes its node_modules from a stage that installs production dependencies only', () => {
    const nodeModules = runtimeCopies.find((copy) =>
      copy.destination.replace(/\/$/, '').endsWith('node_modules'),
    );
    expect(nodeModules?.from).toBeDefined();
    const installs = instructionsOf(stageNamed(stages, nodeModules?.from ?? ''), 'RUN').map(
      (run) => run.args,
    );
    expect(installs.some((run) => /\bnpm ci\b[^&]*--omit=dev/.test(run))).toBe(true);
    // argon2 is native: the build proves its binding loads instead of failing at the first sign-in.
    expect(installs.some((run) => run.includes("require('argon2')"))).toBe(true);
  });

  it('contains dist, package.json and node_modules under /app with distroless node as the entry point', () => {
    expect(instructionsOf(runtime, 'WORKDIR').map((w) => w.args)).toEqual(['/app']);
    const destinations = runtimeCopies.map((copy) =>
      copy.destination.replace(/^\.\//, '').replace(/\/$/, ''),
    );
    expect(destinations).toEqual(expect.arrayContaining(['node_modules', 'package.json', 'dist']));
    // The base image's ENTRYPOINT (node) stays: tools replace only CMD.
    expect(instructionsOf(runtime, 'ENTRYPOINT')).toEqual([]);
  });

  it('creates /data/files owned by the runtime user, so a new files volume is writable by content', () => {
    const data = runtimeCopies.filter((copy) => copy.destination === '/data');
    expect(data).toHaveLength(1);
    expect(data[0].chown).toBe(`${NONROOT_UID}:${NONROOT_UID}`);
    const made = instructionsOf(stageNamed(stages, data[0].from ?? ''), 'RUN').map((run) => run.args);
    expect(made.join(' ')).toContain(`mkdir -p ${data[0].sources[0]}/files`);
  });

  it('accepts exactly the services that have a src/main.ts as SERVICE', () => {
    const entry = stageNamed(stages, 'service-entry');
    const guard = instructionsOf(entry, 'RUN')
      .map((run) => /case "\$\{SERVICE:-\}" in\s+([a-z|-]+)\)/.exec(run.args)?.[1])
      .find((list) => list !== undefined);
    expect(guard?.split('|').sort()).toEqual(servicesWithMain);
    expect(instructionsOf(entry, 'ARG').map((arg) => arg.args)).toEqual(['SERVICE']);
  });

  it("starts the chosen service's compiled main through the generated entry file", () => {
    expect(execForm(instructionsOf(runtime, 'CMD')[0].args)).toEqual(['service.js']);
    const entryRun = instructionsOf(stageNamed(stages, 'service-entry'), 'RUN')[0].args;
    expect(entryRun).toContain("require('./dist/services/%s/src/main.js');");
    expect(entryRun).toContain('> /app/service.js');
    expect(runtimeCopies).toContainEqual(
      expect.objectContaining({ from: 'service-entry', sources: ['/app/service.js'] }),
    );
    expect(
      instructionsOf(runtime, 'ENV')
        .map((env) => env.args)
        .join(' '),
    ).toContain('TRACERA_SERVICE=${SERVICE}');
  });

  it('has a dev target with all dependencies (no --omit=dev anywhere below it)', () => {
    const dev = stageNamed(stages, 'dev');
    const runs = ancestry(stages, dev).flatMap((stage) =>
      instructionsOf(stage, 'RUN').map((run) => run.args),
    );
    expect(runs.some((run) => /\bnpm ci\b/.test(run))).toBe(true);
    expect(runs.some((run) => run.includes('--omit=dev'))).toBe(false);
  });

  it('builds the compiled output with the project build script', () => {
    const build = stageNamed(stages, 'build');
    expect(instructionsOf(build, 'RUN').some((run) => run.args.includes('npm run build'))).toBe(true);
    const sources = instructionsOf(build, 'COPY').flatMap((copy) => parseCopy(copy).sources);
    expect(sources).toEqual(
      expect.arrayContaining(['tsconfig.json', 'tsconfig.build.json', 'libs', 'services', 'deploy']),
    );
  });
});

describe('web image (deploy/docker/web.Dockerfile)', () => {
  const runtime = stageNamed(parseStages(read(dockerfiles.web.path)), 'web');

  it('serves the Next.js standalone server with its static assets on 0.0.0.0:3000', () => {
    const sources = instructionsOf(runtime, 'COPY').flatMap((copy) => parseCopy(copy).sources);
    expect(sources).toEqual(
      expect.arrayContaining([
        '/app/services/web/.next/standalone',
        '/app/services/web/.next/static',
        '/app/services/web/public',
      ]),
    );
    const env = instructionsOf(runtime, 'ENV')
      .map((e) => e.args)
      .join(' ');
    expect(env).toMatch(/PORT=3000/);
    expect(env).toMatch(/HOSTNAME=0\.0\.0\.0/);
    expect(execForm(instructionsOf(runtime, 'CMD')[0].args)).toEqual(['services/web/server.js']);
  });
});

describe('.dockerignore', () => {
  it('keeps host builds, dependencies, git history and env files out of every build context', () => {
    expect(dockerignore).toEqual(
      expect.arrayContaining([
        'node_modules',
        '**/node_modules',
        'dist',
        '.git',
        '.env',
        '.env.*',
        '!.env.example',
      ]),
    );
    for (const path of ['node_modules', 'dist', '.git', '.env', 'services/auth/node_modules'])
      expect({ path, ignored: ignoredBy(excluding, path) }).toEqual({ path, ignored: true });
  });

  it('parses the instructions it checks the same way Docker joins continued lines', () => {
    const parsed = parseInstructions('FROM a:1 AS x\n# note\nRUN one \\\n  # inside\n  && two\n');
    expect(parsed.map((i) => [i.keyword, i.args])).toEqual([
      ['FROM', 'a:1 AS x'],
      ['RUN', 'one && two'],
    ]);
  });
});
