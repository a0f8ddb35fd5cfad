// Production start runs compiled JavaScript (#14): `npm start`, `npm run jobs` and the other operator
// commands go through src/run-built.mjs, which compiles src/ into dist/ (on install, and again for
// whatever changed since) and imports the entry from there. Plain `node dist/…` proves no TypeScript is
// transpiled at run time: Node 20 cannot load a .ts file without a loader.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/store/migrations.js';

type Outcome = { code: number; stdout: string; stderr: string };

/** An operator's environment: no chat credentials, no loader hooks, no test-runner variables. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^(SLACK_|TEAMS_|DEALDESK_|LOG_LEVEL|DATABASE_URL|VITEST|NODE_ENV|NODE_OPTIONS|TSX_)/.test(name),
  ),
);

function node(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      args,
      { cwd: options.cwd ?? repoRoot, env: { ...cleanEnv, ...options.env }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

describe('the compiled build (dist/)', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'dealdesk-compiled-'));
    // Compiles what changed since the last build (nothing, right after `npm install`).
    const built = await node(['src/run-built.mjs', '--build']);
    expect(built).toMatchObject({ code: 0, stderr: '' });
  }, 120_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('starts the local shell from dist/main.js with --no-demo and answers help and /deal list on stdin', async () => {
    const url = `file:${path.join(scratch, 'shell.db')}`;
    const { code, stdout, stderr } = await node(['dist/main.js', '--no-demo'], { env: { DATABASE_URL: url }, input: 'help\n/deal list\n' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Local workspace');
    expect(stdout).not.toContain('demo workspace');
    expect(stdout).toContain('DealDesk commands');
    expect(stdout).toContain('/deal new Acme 50k proposal close eoq Platform renewal');
    expect(stdout.slice(stdout.indexOf('> /deal list'))).toContain('No deals match.');
  }, 60_000);

  it('npm start’s launcher hands the arguments to the entry: --as picks the member, --no-demo the empty workspace', async () => {
    const url = `file:${path.join(scratch, 'launcher.db')}`;
    const refused = await node(['src/run-built.mjs', 'main', '--no-demo', '--as', 'nobody-here'], {
      env: { DATABASE_URL: url },
      input: 'help\n',
    });
    // A name that matches nobody is refused with one sentence: the argument reached main.
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Nobody called “nobody-here” is in this workspace.');
    expect(refused.stdout).not.toContain('DealDesk commands');
    const again = await node(['src/run-built.mjs', 'main', '--no-demo'], { env: { DATABASE_URL: url }, input: '/deal list\n' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Local workspace');
    expect(again.stdout).toContain('No deals match.');
  }, 60_000);

  it('runs the jobs CLI compiled: run --at <ISO> exits 0 with its summary, also through the launcher', async () => {
    const url = `file:${path.join(scratch, 'jobs.db')}`;
    const direct = await node(['dist/run-jobs.js', 'run', '--at', '2026-12-01T08:30:00Z'], { env: { DATABASE_URL: url } });
    expect(direct).toMatchObject({ code: 0, stderr: '' });
    expect(direct.stdout).toMatch(/^Jobs at 2026-12-01T08:30:00\.000Z: \d+ delivered/);
    const launched = await node(['src/run-built.mjs', 'run-jobs', 'run', '--at', '2026-12-01T09:30:00Z'], {
      env: { DATABASE_URL: url },
    });
    expect(launched).toMatchObject({ code: 0, stderr: '' });
    expect(launched.stdout).toMatch(/^Jobs at 2026-12-01T09:30:00\.000Z: /);
  }, 60_000);
});

describe('src/run-built.mjs on a project of its own', () => {
  let project: string;
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(project, relative)), { recursive: true });
    writeFileSync(path.join(project, relative), text);
  };
  const run = () => node(['src/run-built.mjs', 'main'], { cwd: project });

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'dealdesk-launcher-'));
    mkdirSync(path.join(project, 'src'), { recursive: true });
    cpSync(path.join(repoRoot, 'src', 'run-built.mjs'), path.join(project, 'src', 'run-built.mjs'));
    cpSync(path.join(repoRoot, 'tsconfig.json'), path.join(project, 'tsconfig.json'));
    cpSync(path.join(repoRoot, 'tsconfig.build.json'), path.join(project, 'tsconfig.build.json'));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    write('package.json', '{ "type": "module" }\n');
    write('src/greeting.ts', "export const greeting: string = 'hello';\n");
    write('src/main.ts', "import { greeting } from './greeting.js';\nconsole.log(`${greeting} ${process.argv.slice(2).join(' ')}`);\n");
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('compiles on first start, then compiles again what changed and drops what was deleted', async () => {
    expect(existsSync(path.join(project, 'dist'))).toBe(false);
    expect((await node(['src/run-built.mjs', 'main', 'a', '--b'], { cwd: project })).stdout).toBe('hello a --b\n');
    expect(readFileSync(path.join(project, 'dist', 'greeting.js'), 'utf8')).toContain("export const greeting = 'hello';");

    // Same size, different text: the record is size and modification time, not only size.
    write('src/greeting.ts', "export const greeting: string = 'howdy';\n");
    expect((await run()).stdout).toBe('howdy \n');

    write('src/extra.ts', 'export const extra = 1;\n');
    await run();
    expect(existsSync(path.join(project, 'dist', 'extra.js'))).toBe(true);
    rmSync(path.join(project, 'src', 'extra.ts'));
    await run();
    expect(existsSync(path.join(project, 'dist', 'extra.js'))).toBe(false);
  }, 60_000);

  it('without TypeScript (npm install --omit=dev) the install step only warns, and a start that must compile says why', async () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'dealdesk-no-typescript-'));
    try {
      cpSync(path.join(project, 'src'), path.join(bare, 'src'), { recursive: true });
      for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) cpSync(path.join(project, file), path.join(bare, file));
      const install = await node(['src/run-built.mjs', '--build'], { cwd: bare });
      expect(install.code).toBe(0);
      expect(install.stderr).toContain('TypeScript is not installed');
      const start = await node(['src/run-built.mjs', 'main'], { cwd: bare });
      expect(start.code).toBe(1);
      expect(start.stderr).toContain('Cannot build dist/: TypeScript is not installed.');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a source that does not compile with its file name, and runs nothing', async () => {
    write('src/main.ts', 'console.log("ran");\nexport const broken = ;\n');
    const outcome = await run();
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('src/main.ts: Expression expected.');
    expect(outcome.stdout).toBe('');
  }, 60_000);
});
