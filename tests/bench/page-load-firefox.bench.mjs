// Page-load overhead in Firefox: the same four launches and two pages as page-load.bench.mjs (page-load-overhead.mjs).
import { pageLoadOverhead } from './page-load-overhead.mjs';

await pageLoadOverhead('firefox', Number(process.env.BENCH_RUNS ?? 15));
