import { type Contract } from './contract';
import { ContractTable } from './contract-table';
import { authEventContracts } from './auth/auth.events';
import { authRpcContracts } from './auth/auth.rpc';

/**
 * Every event and RPC of Tracera. Each domain adds its list here (auth, content, messaging, analytics) as
 * its service gains features; the transport checks every handler and every message against this table.
 */
const domainContracts: readonly Contract[] = [...authEventContracts, ...authRpcContracts];

export const systemContracts = new ContractTable(domainContracts);
