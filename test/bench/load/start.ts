// BENCH_LOAD_START=1 tsx test/bench/load/run.ts: DealDesk's start as `npm start` starts it with Slack alone
// configured (HTTP mode, SQLite with the demo workspace): time from spawning the process to `/readyz`
// answering 200, and resident memory once it has been idle for 3 s, over a few starts. Prints; records nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startServerProcess } from './processes.js';
import { npmStart, prepareDatabase, SECRET, TEAM } from './setup.js';
import { startFakeSlack } from '../../support/fake-slack.js';

const STARTS = Number(process.env.BENCH_LOAD_STARTS ?? '3');
const MB = 2 ** 20;

async function ready(url: string, until: number): Promise<void> {
  while (Date.now() < until) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} did not answer 200 in time`);
}

const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-start-'));
// Bolt checks its token with Slack's auth.test as it starts.
const fake = await startFakeSlack({ team: { id: TEAM, name: 'Acme Sales' }, users: {} });
try {
  const databaseUrl = await prepareDatabase(dir);
  for (let start = 1; start <= STARTS; start += 1) {
    const port = await freePort();
    const began = performance.now();
    const server = startServerProcess({
      args: npmStart(),
      name: `start-${String(start)}`,
      logDir: dir,
      env: {
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-start-bench',
        SLACK_API_URL: fake.apiUrl,
      },
    });
    try {
      await ready(`http://127.0.0.1:${String(port)}/readyz`, Date.now() + 90_000);
      const readyMs = performance.now() - began;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const { rss, peak } = server.memory();
      process.stdout.write(
        `start ${String(start)}: ready in ${readyMs.toFixed(0)} ms; idle RSS ${(rss / MB).toFixed(0)} MB (peak ${(peak / MB).toFixed(0)} MB)\n`,
      );
    } finally {
      await server.stop(15_000);
    }
  }
} finally {
  await fake.close();
  if (process.env.BENCH_LOAD_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`logs kept in ${dir}\n`);
}
