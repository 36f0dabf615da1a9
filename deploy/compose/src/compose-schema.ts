import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019, { type ErrorObject } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';

export const COMPOSE_SPEC_SCHEMA_PATH = join(__dirname, '..', 'compose-spec.schema.json');

/** Validates interpolated compose data against the vendored compose-spec JSON schema (draft 2019-09). */
export function composeSchemaValidator(): (data: unknown) => string[] {
  const schema = JSON.parse(readFileSync(COMPOSE_SPEC_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The schema still carries draft-04 style `id` members (labels, not base URIs): ignore them.
  ajv.removeKeyword('id');
  addFormats(ajv);
  // compose-go checks `expose` entries itself (port or range); any string or number passes here.
  ajv.addFormat('expose', true);
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map(describeError));
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}
