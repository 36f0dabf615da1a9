import { startBenchContext } from './bench-context';
import { type BenchResult, formatReport } from './bench-report';
import { suites } from './suites';

/** `npm run bench [-- <suite name>…]`: every suite, or the named ones, each against its baseline in this run. */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;
  if (selected.length === 0) {
    console.error(`no suite named ${wanted.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const { context, stop } = await startBenchContext();
  const results: BenchResult[] = [];
  try {
    for (const suite of selected) {
      console.error(`bench: ${suite.name}…`);
      results.push(...(await suite.run(context)));
    }
  } finally {
    await stop();
  }
  console.log(formatReport(results));
}

// A CLI: leave once the report is out, whatever connections a failed suite left reconnecting.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
