import { analyticsDashboardBench } from './analytics-dashboard.bench';
import { analyticsIngestBench } from './analytics-ingest.bench';
import { authMeBench } from './auth-me.bench';
import { type BenchSuite } from './bench-suite';
import { chatFanoutBench } from './chat-fanout.bench';
import { httpAdapterBench } from './http-adapter.bench';
import { rpcRoundTripBench } from './rpc-round-trip.bench';
import { searchBench } from './search.bench';
import { streamEventsBench } from './stream-events.bench';

export const suites: BenchSuite[] = [
  streamEventsBench,
  rpcRoundTripBench,
  httpAdapterBench,
  authMeBench,
  searchBench,
  chatFanoutBench,
  analyticsIngestBench,
  analyticsDashboardBench,
];
