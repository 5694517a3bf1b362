/**
 * `npm run bench`: the gate against its numpy peer on the big workload (bench/perf.ts).
 * `npm run bench -- --streaming` (or with MG_BENCH_GB set): streaming throughput and memory on a
 * large F16 batch set (bench/streaming.ts).
 */
if (process.argv.includes('--streaming') || process.env.MG_BENCH_GB) await import('./streaming.ts');
else await import('./perf.ts');
