import { Counter, Gauge, type Registry, register as defaultRegistry } from 'prom-client';

type OutboxMetric = Gauge<'schema'> | Counter<'schema'>;

function metric<M extends OutboxMetric>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

/** The relay's Prometheus metrics, labelled by schema; shared by every relay using the same registry. */
export class OutboxMetrics {
  readonly unpublished: Gauge<'schema'>;
  readonly oldestUnpublishedAge: Gauge<'schema'>;
  readonly published: Counter<'schema'>;
  readonly publishFailures: Counter<'schema'>;

  constructor(registry: Registry = defaultRegistry) {
    const registers = [registry];
    this.unpublished = metric(
      registry,
      'outbox_unpublished_events',
      () =>
        new Gauge({
          name: 'outbox_unpublished_events',
          help: 'Events committed to the outbox and not yet published to their stream',
          labelNames: ['schema'],
          registers,
        }),
    );
    this.oldestUnpublishedAge = metric(
      registry,
      'outbox_oldest_unpublished_age_seconds',
      () =>
        new Gauge({
          name: 'outbox_oldest_unpublished_age_seconds',
          help: 'Age of the oldest unpublished outbox event (0 when none wait)',
          labelNames: ['schema'],
          registers,
        }),
    );
    this.published = metric(
      registry,
      'outbox_published_events_total',
      () =>
        new Counter({
          name: 'outbox_published_events_total',
          help: 'Outbox events published to their stream and marked published',
          labelNames: ['schema'],
          registers,
        }),
    );
    this.publishFailures = metric(
      registry,
      'outbox_publish_failures_total',
      () =>
        new Counter({
          name: 'outbox_publish_failures_total',
          help: 'Outbox batches that failed to publish or to be marked published (retried)',
          labelNames: ['schema'],
          registers,
        }),
    );
  }
}
