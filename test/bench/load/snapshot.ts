// BENCH_LOAD_COMMIT=<commit>: the load benchmark on a committed version of DealDesk instead of the working
// tree (for a before/after pair, or while the tree is half-way through a change). The commit's files go to a
// temp dir (git archive) with this tree's node_modules and benchmark; Prisma's clients are generated there;
// the section it writes is copied here under a title naming the commit.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordSection } from '../support/results.js';

const TITLES = ['Load against bare Bolt', 'Load against bare Bolt: CPU profile of DealDesk'];

/** The body of `## title` in a RESULTS.md, without the "Measured …" line that recordSection puts first. */
function sectionBody(markdown: string, title: string): string | undefined {
  const section = markdown.split(/^(?=## )/m).find((part) => part.startsWith(`## ${title}\n`));
  return section
    ?.slice(`## ${title}\n`.length)
    .trim()
    .replace(/^_Measured [^\n]*_\n+/, '');
}

function main(commit: string): void {
  const repo = process.cwd();
  const sha = execFileSync('git', ['rev-parse', '--short', `${commit}^{commit}`], { encoding: 'utf8' }).trim();
  const tree = mkdtempSync(path.join(tmpdir(), `dealdesk-load-${sha}-`));
  try {
    execFileSync('tar', ['-x', '-C', tree], { input: execFileSync('git', ['archive', sha], { maxBuffer: 1 << 30 }) });
    symlinkSync(path.join(repo, 'node_modules'), path.join(tree, 'node_modules'));
    // The benchmark itself is this tree's, so an older commit is measured the same way.
    for (const dir of ['test/bench/load', 'test/bench/support']) {
      cpSync(path.join(repo, dir), path.join(tree, dir), { recursive: true });
    }
    rmSync(path.join(tree, 'test/bench/RESULTS.md'), { force: true });
    execFileSync(process.execPath, ['prisma/generate.mjs'], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_DIR: path.join(repo, '.git') };
    delete env.BENCH_LOAD_COMMIT;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/load/run.ts'], { cwd: tree, env, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`the load benchmark on commit ${sha} failed (exit ${String(run.status)})`);
    const results = path.join(tree, 'test/bench/RESULTS.md');
    const markdown = existsSync(results) ? readFileSync(results, 'utf8') : '';
    for (const title of TITLES) {
      const body = sectionBody(markdown, title);
      if (body !== undefined) {
        recordSection(
          `${title}, commit ${sha}`,
          `Commit ${sha} as committed (\`BENCH_LOAD_COMMIT=${commit}\`), not the working tree.\n\n${body}`,
        );
      }
    }
  } finally {
    if (process.env.BENCH_LOAD_KEEP === undefined) rmSync(tree, { recursive: true, force: true });
  }
}

main(process.env.BENCH_LOAD_COMMIT ?? 'HEAD');
