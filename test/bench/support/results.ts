// Writes benchmark figures into test/bench/RESULTS.md, one `## <title>` section per benchmark, each
// stamped with the machine, the date and the commit it was measured on. Sections written by other
// benchmarks are kept, so `npm run bench` (all of them) and one benchmark run alone both leave a whole file.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'RESULTS.md');
const HEADER =
  '# Benchmark results\n\nWritten by `npm run bench` (each section by its own benchmark). Figures are for comparison on one\n' +
  'machine; every figure stands beside a reference measured in the same run.\n';

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Where and when a figure was measured: one line under each section's title. */
export function measuredOn(now = new Date()): string {
  const cpus = os.cpus();
  const cpu = `${String(cpus.length)} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`;
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GB`;
  return `_Measured ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu}, ${memory}, Node ${process.version}, commit ${commit()}._`;
}

/** Replaces (or adds) the section `## title` with `body` (Markdown), stamped with measuredOn(). */
export function recordSection(title: string, body: string): void {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : HEADER;
  const sections = current.split(/^(?=## )/m);
  const head = sections[0] ?? HEADER;
  const others = sections.slice(1).filter((section) => !section.startsWith(`## ${title}\n`));
  const mine = `## ${title}\n\n${measuredOn()}\n\n${body.trim()}\n\n`;
  const ordered = [...others, mine].sort((a, b) => a.localeCompare(b));
  writeFileSync(RESULTS, [head.trimEnd() + '\n\n', ...ordered].join('').trimEnd() + '\n');
}
