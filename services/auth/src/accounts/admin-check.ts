import { Injectable } from '@nestjs/common';
import { notAnAdmin } from '../auth-errors';
import { UserRepository } from '../repositories/user.repository';

/** Admin RPCs re-check the actor here rather than trusting the gateway's copy of the role. */
@Injectable()
export class AdminCheck {
  constructor(private readonly users: UserRepository) {}

  async assertAdmin(actorId: string): Promise<void> {
    const actor = await this.users.findById(actorId);
    if (actor === null || actor.role !== 'admin' || actor.disabledAt !== null) throw notAnAdmin();
  }
}
