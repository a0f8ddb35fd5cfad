// BENCH_LOAD_HEAP=1: what DealDesk's heap holds at the end of the load, while acknowledged work is still
// queued (node --heapsnapshot-signal, then a count of the snapshot's objects by constructor). It shows what
// each queued request keeps alive: Bolt's request (IncomingMessage, ServerResponse, its body) or only a key.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
};

export type HeapSummary = { totalBytes: number; kinds: { name: string; count: number; bytes: number }[] };

/** Node arguments that make SIGUSR2 write a heap snapshot into `dir`. */
export function heapSnapshotArgs(dir: string): string[] {
  return ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`];
}

/** Waits until a new, complete .heapsnapshot appears in `dir` (its size stops changing). */
export async function awaitSnapshot(dir: string, timeoutMs: number): Promise<string | undefined> {
  const until = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot'));
    if (file === undefined) continue;
    const size = statSync(path.join(dir, file)).size;
    if (size > 0 && size === last) return path.join(dir, file);
    last = size;
  }
  return undefined;
}

/** Kept in the summary whatever their size: the pieces of an HTTP request and of work waiting its turn. */
const WATCHED = ['object IncomingMessage', 'object ServerResponse', 'object Socket', 'object Promise', 'object Object'];

/** Objects by constructor (closures and strings by kind), the largest first by self size, and the WATCHED ones. */
export function summariseHeap(file: string, top = 20): HeapSummary {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const kinds = new Map<string, { count: number; bytes: number }>();
  let totalBytes = 0;
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt] ?? 0] ?? '?';
    const bytes = heap.nodes[i + sizeAt] ?? 0;
    const name = type === 'object' || type === 'closure' ? `${type} ${heap.strings[heap.nodes[i + nameAt] ?? 0] ?? '?'}` : `(${type})`;
    const kind = kinds.get(name) ?? { count: 0, bytes: 0 };
    kind.count += 1;
    kind.bytes += bytes;
    kinds.set(name, kind);
    totalBytes += bytes;
  }
  return {
    totalBytes,
    kinds: [...kinds.entries()]
      .map(([name, kind]) => ({ name, ...kind }))
      .sort((a, b) => b.bytes - a.bytes)
      .filter((kind, index) => index < top || WATCHED.includes(kind.name)),
  };
}
