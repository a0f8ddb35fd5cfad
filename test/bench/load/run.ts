// `npm run bench`'s load benchmark (bench.ts; with BENCH_LOAD_COMMIT, snapshot.ts runs it on a committed
// version; with BENCH_LOAD_START=1, start.ts measures start-up instead). The bare Bolt app it compares
// DealDesk with runs as a child process of this same entry, so it loads nothing but Bolt.
if (process.env.BENCH_LOAD_ROLE === 'bare-bolt') await import('./bare-bolt.js');
else if (process.env.BENCH_LOAD_COMMIT) await import('./snapshot.js');
else if (process.env.BENCH_LOAD_START === '1') await import('./start.js');
else await import('./bench.js');
