import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/**
 * argon2id with the configured parameters (ARGON2_*). `verifyWithoutAccount` spends the same work as a real
 * check, so an unknown login costs as much as a wrong password and answers identically.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly options: {
    type: typeof argon2.argon2id;
    memoryCost: number;
    timeCost: number;
    parallelism: number;
  };
  private dummyHash?: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { memoryKib, timeCost, parallelism } = config.auth.argon2;
    this.options = { type: argon2.argon2id, memoryCost: memoryKib, timeCost, parallelism };
  }

  async onModuleInit(): Promise<void> {
    // Made with the current parameters, so verifying against it costs what verifying a real hash costs.
    this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash can never match; treat it as a wrong password rather than a 500.
      return false;
    }
  }

  /** Does the work of one verification and always fails: the answer for an unknown or disabled account. */
  async verifyWithoutAccount(password: string): Promise<false> {
    this.dummyHash ??= await this.hash(randomBytes(32).toString('base64url'));
    await this.verify(this.dummyHash, password);
    return false;
  }

  /** True when the hash was made with other parameters than today's: rehash it at the next good login. */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, {
        memoryCost: this.options.memoryCost,
        timeCost: this.options.timeCost,
        parallelism: this.options.parallelism,
      });
    } catch {
      return true;
    }
  }
}
