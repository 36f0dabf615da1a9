// Writes src/api/gateway-api.d.ts, the web app's types of the public API, from the gateway's OpenAPI
// document, so the UI and the API cannot drift (a test regenerates it and compares).
//   node services/web/scripts/generate-api-types.mjs [--from <gateway origin | openapi.json file>] [--out <file>]
// Without --from it reads http://127.0.0.1:8080 (the gateway of `npm start`).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEADER = `// Generated from the gateway's OpenAPI document by services/web/scripts/generate-api-types.mjs.
// Do not edit: run \`npm run web:api-types\` against a running gateway instead.
`;

/** @param {string} name */
function option(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** @param {string} source */
async function loadDocument(source) {
  if (!/^https?:\/\//.test(source)) return JSON.parse(await readFile(source, 'utf8'));
  const response = await fetch(new URL('/api/openapi.json', source), { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${source}/api/openapi.json answered ${response.status}`);
  return response.json();
}

/** @param {unknown} document */
export async function apiTypesFor(document) {
  const ast = await openapiTS(/** @type {any} */ (document), { alphabetize: true, exportType: true });
  return HEADER + astToString(ast);
}

const source = option('--from') ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
const out = option('--out') ?? join(webRoot, 'src', 'api', 'gateway-api.d.ts');
const types = await apiTypesFor(await loadDocument(source));
await writeFile(out, types);
process.stderr.write(`wrote ${out} (${types.length} characters) from ${source}\n`);
