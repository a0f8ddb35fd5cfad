// A process loads the chat SDK of each platform it serves and no other (#14): Bolt and the Teams SDK
// take most of a start's time and idle memory. The server is started as `npm start` starts it (src/main.ts),
// in a child process that reports the CommonJS modules it loaded when it exits (test/support/loaded-modules.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/store/migrations.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'dealdesk-modules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The operator's environment only: no chat credentials or loader hooks of the test runner. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      !/^(SLACK_|TEAMS_|DEALDESK_|LOG_LEVEL|DATABASE_URL|VITEST|NODE_ENV|NODE_OPTIONS|TSX_|CLIENT_|TENANT_ID|SERVICE_URL)/.test(name),
  ),
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the server with `env`, waits until /readyz answers 200, stops it; the packages it had loaded. */
async function packagesLoadedBy(name: string, env: Record<string, string>): Promise<string[]> {
  const port = await freePort();
  const loadedFile = path.join(scratch, `${name}.json`);
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(path.join(repoRoot, 'test/support/loaded-modules.mjs')).href, '--import', 'tsx', 'src/main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...cleanEnv,
        ...env,
        PORT: String(port),
        DATABASE_URL: `file:${path.join(scratch, `${name}.db`)}`,
        LOADED_MODULES_FILE: loadedFile,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ready = false;
  for (let tries = 0; tries < 600 && !ready && child.exitCode === null; tries += 1) {
    ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(ready, `the server did not become ready: ${stderr}`).toBe(true);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const loaded = JSON.parse(readFileSync(loadedFile, 'utf8')) as string[];
  return [...new Set(loaded.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter((pkg): pkg is string => !!pkg))];
}

describe('chat SDKs a start loads', () => {
  it('a Teams-only start loads the Teams SDK and not Bolt', async () => {
    const packages = await packagesLoadedBy('teams', { TEAMS_DEV_ANONYMOUS: 'true' });
    expect(packages).toContain('@microsoft/teams.apps');
    expect(packages).not.toContain('@slack/bolt');
    expect(packages).not.toContain('@slack/web-api');
  }, 120_000);

  it('a Slack-only start loads Bolt and not the Teams SDK', async () => {
    const packages = await packagesLoadedBy('slack', {
      SLACK_BOT_TOKEN: 'xoxb-not-used',
      SLACK_SIGNING_SECRET: 'not-used',
      // Nothing listens there: the start must not depend on Slack answering.
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(packages).toContain('@slack/bolt');
    expect(packages).not.toContain('@microsoft/teams.apps');
  }, 120_000);
});
