import { type Contract, type EventContract, type RpcContract } from './contract';

export class UnknownPatternError extends Error {
  constructor(readonly pattern: string) {
    super(`no contract for pattern "${pattern}"`);
    this.name = 'UnknownPatternError';
  }
}

/**
 * Every pattern the system knows, mapped to its contract (and so to its stream). Built once from the
 * domain contract lists; a pattern defined twice is a programming error caught at start.
 */
export class ContractTable {
  private readonly byType = new Map<string, Contract>();

  constructor(contracts: readonly Contract[]) {
    for (const contract of contracts) {
      if (this.byType.has(contract.type)) throw new Error(`contract "${contract.type}" is defined twice`);
      this.byType.set(contract.type, contract);
    }
  }

  get(pattern: string): Contract {
    const contract = this.byType.get(pattern);
    if (!contract) throw new UnknownPatternError(pattern);
    return contract;
  }

  find(pattern: string): Contract | undefined {
    return this.byType.get(pattern);
  }

  event(pattern: string): EventContract {
    const contract = this.get(pattern);
    if (contract.kind !== 'event') throw new Error(`"${pattern}" is an RPC, not an event`);
    return contract;
  }

  rpc(pattern: string): RpcContract {
    const contract = this.get(pattern);
    if (contract.kind !== 'rpc') throw new Error(`"${pattern}" is an event, not an RPC`);
    return contract;
  }

  all(): Contract[] {
    return [...this.byType.values()];
  }
}
