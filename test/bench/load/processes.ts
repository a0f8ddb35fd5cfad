// The servers under load run as child processes of their own (so the load generator and the fake Slack do
// not share their event loop), DealDesk started as `npm start` starts it; their memory is read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export type ServerProcess = {
  child: ChildProcess;
  port: number;
  log: string;
  /** Resident memory now and the highest seen (VmHWM), in bytes. */
  memory(): { rss: number; peak: number };
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs: number): Promise<void>;
};

/** A port nobody listens on right now (DealDesk's PORT must be a real port, not 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function statusField(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // The process has exited.
  }
}

export function startServerProcess(options: {
  /** What follows `node` (after nodeArgs): a script and its arguments. */
  args: string[];
  env: Record<string, string>;
  nodeArgs?: string[];
  logDir: string;
  name: string;
}): ServerProcess {
  const port = Number(options.env.PORT);
  const log = path.join(options.logDir, `${options.name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...options.args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let peak = 0;
  const pid = child.pid ?? 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, statusField(pid, 'VmHWM'));
  }, 200);
  void exited.then(() => clearInterval(sampler));
  return {
    child,
    port,
    log,
    memory() {
      peak = Math.max(peak, statusField(pid, 'VmHWM'));
      return { rss: statusField(pid, 'VmRSS'), peak };
    },
    async stop(graceMs) {
      if (child.exitCode === null && child.signalCode === null) {
        peak = Math.max(peak, statusField(pid, 'VmHWM'));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      clearInterval(sampler);
    },
  };
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

/** The monotonic clock V8's profiles use, in microseconds; comparable between processes of this machine. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Where a frame's code lives: an npm package, a folder of src/, or Node/V8 itself. */
function placeOf(frame: ProfileNode['callFrame']): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : 'native';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (inPackage?.[1] !== undefined) return inPackage[1];
  // dist/ is src/ compiled (npm start), so both count as the folder of src/.
  const inSrc = /\/(?:src|dist)\/([^/]+)\//.exec(frame.url);
  if (inSrc?.[1] !== undefined) return `src/${inSrc[1]}`;
  if (frame.url.startsWith('node:')) return 'node internals';
  return path.basename(frame.url);
}

export type ProfileSummary = {
  /** CPU milliseconds that were not idle. */
  busyMs: number;
  /** False when no sample fell in the window asked for, so the whole profile was counted. */
  windowed: boolean;
  places: { place: string; ms: number }[];
  functions: { name: string; ms: number }[];
};

/**
 * Self time of the newest .cpuprofile in `dir`, by place and by function, counting only the samples taken
 * between `window.from` and `window.to` (monotonicMicros), so start-up and warm-up are left out.
 */
export function summariseProfile(dir: string, window: { from: number; to: number }): ProfileSummary | undefined {
  const file = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  if (file === undefined) return undefined;
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const at: number[] = [];
  let clock = profile.startTime;
  for (const delta of profile.timeDeltas) at.push((clock += delta));
  const windowed = at.some((time) => time >= window.from && time <= window.to);
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id);
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const time = at[index] ?? 0;
    if (windowed && (time < window.from || time > window.to)) return;
    if (frame === undefined || frame.functionName === '(idle)') return;
    busy += micros;
    const place = placeOf(frame);
    places.set(place, (places.get(place) ?? 0) + micros);
    const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/(node_modules|src|dist)\//, '$1/')}:${String(frame.lineNumber + 1)}`;
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  });
  const top = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([key, micros]) => ({ key, ms: micros / 1000 }));
  return {
    busyMs: busy / 1000,
    windowed,
    places: top(places).map(({ key, ms }) => ({ place: key, ms })),
    functions: top(functions).map(({ key, ms }) => ({ name: key, ms })),
  };
}
