// The scale benchmark's memory figure (#14: peak RSS under 300 MB with 1M deals in the database): DealDesk
// started as `npm start` starts it (its node flags, compiled JavaScript) with no chat platform, so it opens
// the local shell on the scale database, acting as the workspace's admin, and answers the four workspace
// reports one after another. The figure is the process's high-water mark (VmHWM) once the last one answered.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createDb } from '../../../src/store/db.js';
import { DEMO_PLATFORM, DEMO_TENANT } from '../../../src/store/demo-seed.js';
import { npmStart } from '../load/setup.js';
import { t } from '../../../src/i18n/index.js';
import type { ScaleWorkspace } from './generate.js';

const REPORTS = ['/pipeline all', '/quota all', '/forecast all', '/funnel all'];
/** Sent after the reports: its echo says the last report has answered. */
const SENTINEL = '/as';
const MB = 2 ** 20;

function highWaterMark(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return Number(kb ?? Number.NaN) * 1024;
}

/** Installs the scale workspace for the shell (platform `shell`, tenant `local`), once per database. */
async function installForShell(url: string, workspaceId: string): Promise<void> {
  const db = createDb(url);
  try {
    const installed = await db.chatInstallation.findFirst({ where: { platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT } });
    if (!installed) await db.chatInstallation.create({ data: { workspaceId, platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT } });
  } finally {
    await db.$disconnect();
  }
}

/** Peak RSS in MB of `npm start` (the shell) answering the workspace reports on the database at `url`. */
export async function shellPeakMb(url: string, data: ScaleWorkspace): Promise<number> {
  await installForShell(url, data.workspaceId);
  const child = spawn(process.execPath, [...npmStart(), '--as', data.adminHandle], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdin.write(`${[...REPORTS, SENTINEL].join('\n')}\n`);
  const deadline = Date.now() + 10 * 60_000;
  while (!output.includes(`> ${SENTINEL}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the shell stopped before answering the reports:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const peak = highWaterMark(child.pid ?? 0);
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`the shell exited with ${String(code)}:\n${output.slice(-2000)}`);
  // Every report answered with its figures, not an error.
  for (const report of REPORTS) {
    const answer = output.split(`> ${report}\n`)[1]?.split('\n> ')[0] ?? '';
    const failed = (['en', 'zh-CN'] as const).some((locale) => answer.includes(t(locale, 'error.internal')));
    if (!/\d/.test(answer) || failed) throw new Error(`${report} in the shell answered:\n${answer}`);
  }
  return peak / MB;
}
