// DealDesk's real server (src/main.ts, as `npm run dev` starts it) with its event loop measured by
// perf_hooks.monitorEventLoopDelay (10 ms resolution) from start to exit, for the hostile-input benchmark.
//
//   SIGUSR2, the first time: warm-up is over; the first phase starts (the benchmark's reference: normal
//   commands alone).
//   SIGUSR2, each later time: a phase ended; its own histogram and the run's so far are written and the next
//   phase starts. The run is every phase after the reference.
//   exit (after SIGTERM): the whole process's histogram (start-up and shutdown included) is written.
//
// Everything goes to the JSON Lines file named by HOSTILE_LOOP_REPORT, one object per line.
//
// This machine is shared, so a late timer can also mean the process was waiting for a core, not that
// our code held the loop. Beside each histogram, `busyMaxMs` is the longest stall of a 10 ms timer during
// which the process also used as much CPU (process.cpuUsage, all threads): the stalls our own work can
// explain. It is a diagnosis; the target is judged on monitorEventLoopDelay.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';

export type LoopFigures = { maxMs: number; p99Ms: number; meanMs: number; samples: number; busyMaxMs: number; gcMaxMs: number };
export type LoopRecord = { kind: 'phase' | 'run' | 'process' } & LoopFigures;

const reportFile = process.env.HOSTILE_LOOP_REPORT;
if (reportFile === undefined) throw new Error('HOSTILE_LOOP_REPORT (a file path) is required');
const report: string = reportFile;

const RESOLUTION_MS = 10;
const histogram = (): IntervalHistogram => {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  return h;
};
const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
function figures(h: IntervalHistogram, scope: keyof typeof busy): LoopFigures {
  return {
    maxMs: ms(h.max),
    p99Ms: ms(h.percentile(99)),
    meanMs: ms(h.count > 0 ? h.mean : 0),
    samples: h.count,
    busyMaxMs: busy[scope],
    gcMaxMs: gc[scope],
  };
}
function write(kind: LoopRecord['kind'], h: IntervalHistogram, scope: keyof typeof busy): void {
  const record: LoopRecord = { kind, ...figures(h, scope) };
  appendFileSync(report, `${JSON.stringify(record)}\n`);
}

/** The longest CPU-backed stall of a 10 ms timer: per scope, since the scope was last reset. */
const busy = { whole: 0, run: 0, phase: 0 };
let lastTick = performance.now();
let lastCpu = process.cpuUsage();
/** The longest garbage-collection pause, per scope. */
const gc = { whole: 0, run: 0, phase: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const pause = Math.round(entry.duration * 100) / 100;
    gc.whole = Math.max(gc.whole, pause);
    gc.run = Math.max(gc.run, pause);
    gc.phase = Math.max(gc.phase, pause);
  }
}).observe({ entryTypes: ['gc'] });
setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  const stall = Math.min(now - lastTick - RESOLUTION_MS, (cpu.user + cpu.system) / 1000);
  lastTick = now;
  lastCpu = process.cpuUsage();
  const rounded = Math.round(Math.max(0, stall) * 100) / 100;
  busy.whole = Math.max(busy.whole, rounded);
  busy.run = Math.max(busy.run, rounded);
  busy.phase = Math.max(busy.phase, rounded);
}, RESOLUTION_MS).unref();

const whole = histogram();
let run: IntervalHistogram | undefined;
let phase: IntervalHistogram | undefined;
let phases = 0;
process.on('SIGUSR2', () => {
  if (run === undefined || phase === undefined) {
    run = histogram();
    phase = histogram();
    busy.run = busy.phase = gc.run = gc.phase = 0;
    return;
  }
  phases += 1;
  write('phase', phase, 'phase');
  if (phases === 1) {
    run.reset();
    busy.run = gc.run = 0;
  } else write('run', run, 'run');
  phase.reset();
  busy.phase = gc.phase = 0;
});
process.on('exit', () => {
  write('process', whole, 'whole');
});

await import('../../../src/main.js');
