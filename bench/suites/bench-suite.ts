import { type BenchContext } from '../bench-context';
import { type BenchResult } from '../bench-report';

/** One benchmark: measures ours and its raw baseline in the same run and returns both. */
export interface BenchSuite {
  name: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}
