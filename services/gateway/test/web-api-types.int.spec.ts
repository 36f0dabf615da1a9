import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { REPO_ROOT, sharedInfra } from '@tracera/testing';
import { startGatewayApp } from './gateway-app.fixture';

const GENERATOR = join(REPO_ROOT, 'services', 'web', 'scripts', 'generate-api-types.mjs');
const COMMITTED_TYPES = join(REPO_ROOT, 'services', 'web', 'src', 'api', 'gateway-api.d.ts');

/** The first line where two texts differ, so a failure says where the web app's types went stale. */
function firstDifference(expected: string, actual: string): string {
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  const line = expectedLines.findIndex((text, index) => text !== actualLines[index]);
  const at = line === -1 ? expectedLines.length : line;
  return `line ${at + 1}:\n  from the gateway: ${actualLines[at] ?? '(end of file)'}\n  committed:        ${expectedLines[at] ?? '(end of file)'}`;
}

/**
 * The web app's API types (services/web/src/api/gateway-api.d.ts) are generated from the gateway's OpenAPI
 * document; regenerating them from the gateway as built now must give the committed file, byte for byte.
 */
describe('web app API types', () => {
  let app: NestFastifyApplication;
  let scratch: string;

  beforeAll(async () => {
    app = await startGatewayApp('gateway-web-types');
    scratch = await mkdtemp(join(sharedInfra().scratchDir, 'web-api-types-'));
  });
  afterAll(async () => {
    await app?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('match what the generator makes from the OpenAPI document the gateway serves', async () => {
    const document = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(document.statusCode).toBe(200);
    const documentFile = join(scratch, 'openapi.json');
    const generatedFile = join(scratch, 'gateway-api.d.ts');
    await writeFile(documentFile, document.body);

    // openapi-typescript is ESM-only, so the generator runs as its own process, exactly as the npm script does.
    await promisify(execFile)(process.execPath, [GENERATOR, '--from', documentFile, '--out', generatedFile], {
      cwd: REPO_ROOT,
      timeout: 60_000,
    });

    const generated = await readFile(generatedFile, 'utf8');
    const committed = await readFile(COMMITTED_TYPES, 'utf8');
    if (generated !== committed) {
      throw new Error(
        "services/web/src/api/gateway-api.d.ts is out of date with the gateway's OpenAPI document " +
          `(first difference at ${firstDifference(committed, generated)}).\n` +
          'Regenerate it: build and start the gateway (npm start), then run `npm run web:api-types`.',
      );
    }
  });
});
