/** Concurrent calls for one key within this process share one promise until it settles. */
export class SingleFlight {
  private readonly flights = new Map<string, Promise<unknown>>();

  /** True when a call for `key` is already running, so a new one would join it. */
  isRunning(key: string): boolean {
    return this.flights.has(key);
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.flights.get(key) as Promise<T> | undefined;
    if (running) return running;
    const flight = Promise.resolve()
      .then(work)
      .finally(() => this.flights.delete(key));
    this.flights.set(key, flight);
    return flight;
  }
}
