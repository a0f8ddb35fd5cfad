// Issue #13, point 5: a wrong setting stops start-up with one message that names the variable, lists
// what it may be, and never prints a credential; no stack trace.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, LOG_LEVELS, withoutPassword } from '../../src/config/env.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'dealdesk-env-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

type Outcome = { code: number; stdout: string; stderr: string };

/** `npm start` as an operator runs it, with `env` on top of a clean environment. */
function start(env: Record<string, string>): Promise<Outcome> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(SLACK_|TEAMS_|DEALDESK_|LOG_LEVEL|DATABASE_URL|VITEST|NODE_ENV)/.test(name)),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts'],
      { cwd: repoRoot, env: { ...clean, DATABASE_URL: `file:${path.join(scratch, 'x.db')}`, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('configuration messages', () => {
  it('DATABASE_URL=mysql://… names DATABASE_URL and hides the password', () => {
    const message = configError({ DATABASE_URL: 'mysql://root:s3cr3t-pw@db.example:3306/sales' });
    expect(message).toMatch(/DATABASE_URL: must start with file: \(SQLite\) or postgres:\/\/ \(PostgreSQL\)/);
    expect(message).toContain('mysql://root:***@db.example:3306/sales');
    expect(message).not.toContain('s3cr3t-pw');
  });

  it('LOG_LEVEL=verbose names LOG_LEVEL and lists the allowed values', () => {
    const message = configError({ LOG_LEVEL: 'verbose' });
    expect(message).toContain(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);
  });

  it('a password in a query string is hidden too, and a long value is cut', () => {
    expect(withoutPassword('postgres://db/x?user=a&password=hunter2&ssl=1')).toBe('postgres://db/x?user=a&password=***&ssl=1');
    expect(withoutPassword('x'.repeat(5000))).toHaveLength(201);
  });

  it('DEALDESK_SECRET_KEY_PREVIOUS needs DEALDESK_SECRET_KEY and is never shown', () => {
    const message = configError({ DEALDESK_SECRET_KEY_PREVIOUS: 'not-a-key-hunter2' });
    expect(message).toMatch(/DEALDESK_SECRET_KEY_PREVIOUS: must be 32 bytes/);
    expect(message).toMatch(/DEALDESK_SECRET_KEY: is required with DEALDESK_SECRET_KEY_PREVIOUS/);
    expect(message).not.toContain('hunter2');
  });
});

describe('start-up with a wrong setting', () => {
  it('LOG_LEVEL=verbose: exit 1, one message naming LOG_LEVEL, no stack trace', async () => {
    const outcome = await start({ LOG_LEVEL: 'verbose' });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")');
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
  });

  it('DATABASE_URL=mysql://root:pw@…: exit 1, names DATABASE_URL, the password is not printed', async () => {
    const outcome = await start({ DATABASE_URL: 'mysql://root:pw-do-not-print@127.0.0.1:3306/sales' });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('DATABASE_URL: must start with file:');
    expect(`${outcome.stdout}${outcome.stderr}`).not.toContain('pw-do-not-print');
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
  });
});
