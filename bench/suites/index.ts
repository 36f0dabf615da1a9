import { type BenchSuite } from './bench-suite';
import { rpcRoundTripBench } from './rpc-round-trip.bench';
import { streamEventsBench } from './stream-events.bench';

export const suites: BenchSuite[] = [streamEventsBench, rpcRoundTripBench];
