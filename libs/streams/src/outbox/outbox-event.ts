import {
  createEnvelope,
  type Envelope,
  envelopeSchema,
  type EventContract,
  type NewEnvelope,
} from '@tracera/contracts';
import { type z } from 'zod';
import { checkSchema, describeIssues, type SchemaIssue } from '../rpc/schema-check';

/** Who caused an event and how it is traced; the contract supplies type, version and schema. */
export type EventMeta = Omit<NewEnvelope<unknown>, 'type' | 'v' | 'data'>;

/** An event that does not match its contract (or envelope rules): a bug in the producer, never stored. */
export class InvalidEventError extends Error {
  constructor(
    readonly eventType: string,
    readonly issues: SchemaIssue[],
  ) {
    super(`event ${eventType} does not match its contract: ${describeIssues(issues)}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * The envelope of a new event, its `data` parsed by the contract (the parsed output is what is stored, as
 * consumers parse it again). Throws {@link InvalidEventError}.
 */
export function buildEventEnvelope<C extends EventContract>(
  contract: C,
  data: z.input<C['data']>,
  meta: EventMeta,
): Envelope<z.output<C['data']>> {
  const parsed = checkSchema<C['data']>(contract.data, data);
  if (!parsed.ok) throw new InvalidEventError(contract.type, parsed.issues);
  const envelope = createEnvelope<z.output<C['data']>>({
    ...meta,
    type: contract.type,
    v: contract.v,
    data: parsed.data,
  });
  assertValidEnvelope(envelope);
  return envelope;
}

/** Checks the envelope's own fields (id, type, ts, actor, …); throws {@link InvalidEventError}. */
export function assertValidEnvelope(envelope: Envelope): void {
  const checked = checkSchema(envelopeSchema, envelope);
  if (!checked.ok) throw new InvalidEventError(String(envelope.type), checked.issues);
}
