import { Injectable } from '@nestjs/common';

/**
 * One dependency `/health/ready` asks about. `check` resolves with details to report when the dependency
 * is usable and throws (with a message naming what is wrong) when it is not.
 */
export interface ReadinessCheck {
  /** Stable name shown in the health body, e.g. `redis`, `postgres`, `redis-cache`. */
  name: string;
  /** A dependency that may degrade (the cache Redis) reports but never turns readiness to 503. */
  critical?: boolean;
  check(): Promise<Record<string, unknown>>;
}

/** Modules that own a dependency register its check here at start; the health controller asks them all. */
@Injectable()
export class ReadinessRegistry {
  private readonly registered = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    if (this.registered.has(check.name))
      throw new Error(`readiness check "${check.name}" is registered twice`);
    this.registered.set(check.name, check);
  }

  list(): ReadinessCheck[] {
    return [...this.registered.values()];
  }
}
