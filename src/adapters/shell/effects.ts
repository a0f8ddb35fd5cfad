import type { Effect } from '../../commands/command.js';
import type { CommandContext } from '../../commands/context.js';

/** What the shell needs to carry out a command's effects: where files go, and a way to print as work goes on. */
export type ShellEffectDeps = {
  /** The folder exported files are written to (the current directory by default). */
  exportDir: string;
  /** Prints a line at once (progress of a long import), before the command's answer is complete. */
  print: (text: string) => void;
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

/** One effect's lines; effects with no terminal counterpart print nothing. */
function shellEffect(_deps: ShellEffectDeps, _ctx: CommandContext, effect: Effect): Promise<string[]> {
  switch (effect.type) {
    default:
      return Promise.resolve([]);
  }
}
