// Page-load overhead in Chromium: everyday capture (goal ≤ 1.05) and full capture (goal ≤ 1.25) against no extension
// and against the floor, on loopback and with 30 ms of server latency (page-load-overhead.mjs). BENCH_RUNS: rounds.
import { pageLoadOverhead } from './page-load-overhead.mjs';

await pageLoadOverhead('chromium', Number(process.env.BENCH_RUNS ?? 15));
