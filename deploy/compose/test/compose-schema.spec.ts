import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import {
  composeFilesIn,
  interpolateData,
  readComposeFile,
  requiredVariablesFilled,
} from '../src/compose-file';
import { COMPOSE_SPEC_SCHEMA_PATH, composeSchemaValidator } from '../src/compose-schema';

describe('compose files against the compose-spec JSON schema', () => {
  const validate = composeSchemaValidator();

  it('uses the vendored schema unchanged (compose-spec commit b2835e8, see compose-spec.schema.md)', () => {
    const digest = createHash('sha256').update(readFileSync(COMPOSE_SPEC_SCHEMA_PATH)).digest('hex');
    expect(digest).toBe('a85a0e558502b7fec90b3ad4095d721e31749e9a305b1d80e09c1e64f939b92d');
  });

  it.each(composeFilesIn(REPO_ROOT))('%s is valid once interpolated', (relativePath) => {
    const file = readComposeFile(join(REPO_ROOT, relativePath));
    expect(validate(interpolateData(file.data, requiredVariablesFilled(file)))).toEqual([]);
  });

  it('reports what breaks the schema', () => {
    const file = readComposeFile(join(REPO_ROOT, 'compose.prod.yml'));
    const data = interpolateData(file.data, requiredVariablesFilled(file));
    const broken = structuredClone(data);
    (broken.services.gateway as Record<string, unknown>).restart_policy = 'always';
    (broken.services.redis as Record<string, unknown>).depends_on = { migrate: { condition: 'done' } };
    const errors = validate(broken);
    expect(errors.join('\n')).toContain('/services/gateway must NOT have additional properties');
    expect(errors.join('\n')).toContain('/services/redis/depends_on');
  });
});
