import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Whether the process is shutting down; readiness turns 503 first so balancers stop sending work. */
@Injectable()
export class LifecycleState implements BeforeApplicationShutdown {
  private drainingSince?: Date;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  beginDraining(): void {
    this.drainingSince ??= new Date();
  }

  beforeApplicationShutdown(): void {
    this.beginDraining();
  }
}
