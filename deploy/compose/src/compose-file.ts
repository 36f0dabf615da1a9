import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Document, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import {
  type Environment,
  interpolate,
  type VariableReference,
  variableReferences,
} from './compose-interpolation';

/** A compose file as compose sees it: YAML with anchors and `<<` merge keys resolved, not yet interpolated. */
export interface ComposeFile {
  path: string;
  /** The YAML document (anchors, aliases and merge keys still visible, for rules about how it is written). */
  document: Document;
  /** The plain data with merges applied, strings uninterpolated. */
  data: ComposeData;
  /** Every `${VAR}` in any string value (comments are not values, so they do not count). */
  references: VariableReference[];
}

export interface ComposeData {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ComposeService {
  image?: string;
  profiles?: string[];
  restart?: string;
  read_only?: boolean | string;
  cap_drop?: string[];
  cap_add?: string[];
  user?: string | number;
  security_opt?: string[];
  container_name?: string;
  ports?: (string | number | { target?: number | string; published?: number | string; host_ip?: string })[];
  healthcheck?: {
    test?: string | string[];
    interval?: string;
    disable?: boolean | string;
    start_period?: string;
  };
  depends_on?: string[] | Record<string, { condition: string }>;
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string } } };
  logging?: { driver?: string; options?: Record<string, string | number | null> };
  networks?: string[] | Record<string, unknown>;
  [key: string]: unknown;
}

export function parseCompose(text: string, path = '<inline>'): ComposeFile {
  const document = parseDocument(text, { merge: true, prettyErrors: true });
  if (document.errors.length > 0)
    throw new Error(`${path}: ${document.errors.map((e) => e.message).join('\n')}`);
  const data = document.toJS({ maxAliasCount: 1000 }) as ComposeData;
  return { path, document, data, references: collectStrings(data).flatMap(variableReferences) };
}

export function readComposeFile(path: string): ComposeFile {
  return parseCompose(readFileSync(path, 'utf8'), path);
}

function collectStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(collectStrings);
  return [];
}

/** The data with every string value interpolated from `env` (throws on a missing `:?` variable). */
export function interpolateData<T>(value: T, env: Environment): T {
  if (typeof value === 'string') return interpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => interpolateData(item, env)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateData(item, env)]),
    ) as T;
  }
  return value;
}

/** An environment that satisfies every required (`?`, `:?`) variable of the file and leaves the rest unset. */
export function requiredVariablesFilled(file: ComposeFile, value = 'compose-rules-test-value'): Environment {
  return Object.fromEntries(
    file.references
      .filter((reference) => reference.operator === ':?' || reference.operator === '?')
      .map((reference) => [reference.name, value]),
  );
}

/** Names of the anchors a service's mapping merges with `<<` (e.g. `app` for `<<: *app`). */
export function mergedAnchors(file: ComposeFile, serviceName: string): string[] {
  const service = file.document.getIn(['services', serviceName], true);
  if (!isMap(service)) return [];
  return service.items.flatMap((pair) => {
    // With `merge: true` the key's value is a symbol; its source text is `<<`.
    if (!isScalar(pair.key) || pair.key.source !== '<<') return [];
    if (isAlias(pair.value)) return [pair.value.source];
    return isSeq(pair.value) ? pair.value.items.flatMap((item) => (isAlias(item) ? [item.source] : [])) : [];
  });
}

/** compose.dev.yml, compose.prod.yml and every deploy/**\/compose*.yml (override files), repo-relative. */
export function composeFilesIn(repoRoot: string): string[] {
  const found = ['compose.dev.yml', 'compose.prod.yml'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/^compose.*\.ya?ml$/.test(entry.name)) found.push(relative(repoRoot, path));
    }
  };
  walk(join(repoRoot, 'deploy'));
  return found;
}

/** Every variable `.env.example` names, set (`VAR=`) or documented commented out (`# VAR=`). */
export function envExampleVariables(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((line) => /^#?\s*([A-Z_][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );
}
