import { type Contract } from './contract';
import { ContractTable } from './contract-table';
import { analyticsEventContracts } from './analytics/analytics.events';
import { analyticsRpcContracts } from './analytics/analytics.rpc';
import { authEventContracts } from './auth/auth.events';
import { authRpcContracts } from './auth/auth.rpc';
import { contentEventContracts } from './content/content.events';
import { contentRpcContracts } from './content/content.rpc';
import { messagingEventContracts } from './messaging/messaging.events';
import { messagingRpcContracts } from './messaging/messaging.rpc';
import { searchRpcContracts } from './search/search.rpc';

/**
 * Every event and RPC of Tracera. Each domain adds its list here (auth, content, messaging, analytics) as
 * its service gains features; the transport checks every handler and every message against this table.
 */
const domainContracts: readonly Contract[] = [
  ...authEventContracts,
  ...authRpcContracts,
  ...contentEventContracts,
  ...contentRpcContracts,
  ...searchRpcContracts,
  ...messagingEventContracts,
  ...messagingRpcContracts,
  ...analyticsEventContracts,
  ...analyticsRpcContracts,
];

export const systemContracts = new ContractTable(domainContracts);
