import type { Effect } from '../../commands/command.js';
import type { CommandContext } from '../../commands/context.js';
import { open } from 'node:fs/promises';
import { basename, join, parse } from 'node:path';
import { t } from '../../i18n/index.js';
import { importWorkerId, runImportJob } from '../../jobs/import-runner.js';
import { renderText } from '../../views/render/text.js';
import { importProgressScreen, importResultScreen } from '../../views/screens/import.js';

/** What the shell needs to carry out a command's effects: where files go, and a way to print as work goes on. */
export type ShellEffectDeps = {
  /** The folder exported files are written to (the current directory by default). */
  exportDir: string;
  /**
   * Prints a line at once (progress of a long import). Without it, progress lines come back with the
   * other lines, after the import.
   */
  print?: (text: string) => void;
  /** Where charts are drawn as PNG files (their paths are printed); without it, charts are text only. */
  chartDir?: string;
};

/**
 * The shell's side of a command's effects: the lines to print after its answer. Chat notifications
 * (approval cards, wins announcements) have no terminal counterpart and are left to the chat surfaces.
 */
export async function applyShellEffects(
  deps: ShellEffectDeps,
  ctx: CommandContext,
  effects: readonly Effect[] | undefined,
): Promise<string[]> {
  const lines: string[] = [];
  for (const effect of effects ?? []) lines.push(...(await shellEffect(deps, ctx, effect)));
  return lines;
}

/** True when carrying out the effects prints lines as it goes: the answer must be printed before them. */
export function printsAsItGoes(deps: ShellEffectDeps, effects: readonly Effect[] | undefined): boolean {
  return deps.print !== undefined && (effects ?? []).some((effect) => effect.type === 'import_queued');
}

/** One effect's lines; effects with no terminal counterpart print nothing. */
function shellEffect(deps: ShellEffectDeps, ctx: CommandContext, effect: Effect): Promise<string[]> {
  switch (effect.type) {
    case 'file':
      return saveFile(deps.exportDir, effect).then((path) => [t(ctx.actor.locale, 'export.saved', { path })]);
    case 'import_queued':
      return runShellImport(deps, ctx, effect.importId);
    default:
      return Promise.resolve([]);
  }
}

/**
 * Writes a file into `dir` under its own name, never over an existing file: `deals-2026-Q4.csv`, then
 * `deals-2026-Q4-2.csv`, `-3`, … Creating with `wx` makes the check and the write one step.
 */
async function saveFile(dir: string, file: { name: string; content: Uint8Array }): Promise<string> {
  // Only a name is taken from the effect: a path in it never writes outside `dir`.
  const { name, ext, base } = parse(basename(file.name));
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? base : `${name}-${n}${ext}`);
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(file.content);
      } finally {
        await handle.close();
      }
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The shell has no background: it runs the queued import at once, printing a line per batch, then the result. */
async function runShellImport(deps: ShellEffectDeps, ctx: CommandContext, importId: string): Promise<string[]> {
  const locale = ctx.actor.locale;
  const held: string[] = [];
  const print = deps.print ?? ((text: string) => held.push(text));
  // The session's clock, moving on: the run sees the same "today" as the dry run did.
  const startedAt = Date.now();
  const result = await runImportJob(ctx.db, importId, {
    workerId: importWorkerId(),
    now: () => new Date(ctx.now.getTime() + (Date.now() - startedAt)),
    onProgress: (progress) => {
      if (progress.status === 'running') print(renderText(importProgressScreen(progress, locale)));
    },
  });
  return [...held, ...(result ? [renderText(importResultScreen(result, locale))] : [])];
}
