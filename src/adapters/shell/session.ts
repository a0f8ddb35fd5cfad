import type { Db } from '../../store/db.js';
import type { ActorContext, AttachedFile, CommandContext, WorkspaceContext } from '../../commands/context.js';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import { DomainError } from '../../domain/errors.js';
import { execute } from '../../commands/execute.js';
import { findMember } from '../../commands/scope.js';
import { loadActor, listMembers } from '../../store/members.js';
import { loadWorkspaceContext } from '../../store/workspaces.js';
import { actionsOf, type Action } from '../../views/screen.js';
import { renderText } from '../../views/render/text.js';
import { saveChartImages } from './charts.js';
import { messageScreen } from '../../views/screens/message.js';
import { isDomainError } from '../../domain/errors.js';
import { describeError } from '../../commands/execute.js';
import { keyOf, t } from '../../i18n/index.js';
import { qualifiedChannelTarget } from '../channel-target.js';
import { applyShellEffects, printsAsItGoes, type ShellEffectDeps } from './effects.js';

export type ShellReply = { text: string; quit?: boolean };

/**
 * One person at the terminal: who they act as, and the buttons of the last answer (pressed with `!N`).
 * Translation only: a line becomes a command for the command layer, a screen becomes text.
 */
export class ShellSession {
  private actions: Action[] = [];
  private pending: Action | undefined;
  private workspace: WorkspaceContext | undefined;
  private actor: ActorContext | undefined;

  constructor(
    private readonly db: Db,
    private readonly workspaceId: string,
    private memberId: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly effectDeps: ShellEffectDeps = { exportDir: process.cwd() },
  ) {}

  async handle(input: string): Promise<ShellReply> {
    const line = input.trim();
    const ctx = await this.context();
    const locale = ctx.actor.locale;
    if (this.pending) {
      const action = this.pending;
      this.pending = undefined;
      if (line) return this.run(`${action.command} ${line}`, ctx);
    }
    if (!line) return { text: '' };
    if (/^\/(quit|exit)$/i.test(line)) return { text: t(locale, 'shell.bye'), quit: true };
    const as = /^\/as(?:\s+(.*))?$/i.exec(line);
    if (as) return this.switchTo(as[1]?.trim() ?? '', ctx);
    const press = /^!(\d+)(?:\s+(.*))?$/.exec(line);
    if (press) return this.press(Number(press[1]), press[2]?.trim(), ctx);
    return this.run(line, ctx);
  }

  /** The acting member's name and role, for the prompt and the welcome line. */
  async who(): Promise<{ name: string; handle: string; role: string; workspace: string; locale: ActorContext['locale'] }> {
    const ctx = await this.context();
    return {
      name: ctx.actor.name,
      handle: ctx.actor.handle,
      role: t(ctx.actor.locale, keyOf('role', ctx.actor.role)),
      workspace: ctx.workspace.name,
      locale: ctx.actor.locale,
    };
  }

  private async run(line: string, ctx: CommandContext): Promise<ShellReply> {
    const result = await execute(line, ctx);
    this.actions = actionsOf(result.screen);
    // An import prints its progress while it runs: its answer ("Importing…") goes out first.
    const charts = this.effectDeps.chartDir ? await saveChartImages(result.screen, ctx.actor.locale, this.effectDeps.chartDir) : [];
    const answer = [renderText(result.screen), ...charts].join('\n');
    const answered = printsAsItGoes(this.effectDeps, result.effects);
    if (answered) this.effectDeps.print?.(answer);
    const notes = await applyShellEffects(this.effectDeps, ctx, result.effects);
    // Settings and language may have changed: read them again before the next command.
    this.workspace = undefined;
    this.actor = undefined;
    return { text: (answered ? notes : [answer, ...notes]).join('\n') };
  }

  private async press(n: number, extra: string | undefined, ctx: CommandContext): Promise<ShellReply> {
    const locale = ctx.actor.locale;
    if (this.actions.length === 0) return { text: renderText(messageScreen(t(locale, 'shell.no_buttons'), { tone: 'error' })) };
    const action = this.actions[n - 1];
    if (!action)
      return { text: renderText(messageScreen(t(locale, 'shell.no_button', { n, count: this.actions.length }), { tone: 'error' })) };
    if (action.input && !extra) {
      this.pending = action;
      return { text: t(locale, 'shell.input_needed', { prompt: action.input.prompt }) };
    }
    return this.run(extra ? `${action.command} ${extra}` : action.command, ctx);
  }

  private async switchTo(name: string, ctx: CommandContext): Promise<ShellReply> {
    const locale = ctx.actor.locale;
    const members = await listMembers(this.db, this.workspaceId);
    if (!name) return { text: t(locale, 'shell.as_missing', { members: members.map((m) => `@${m.handle}`) }) };
    try {
      const member = findMember(members, name);
      this.memberId = member.id;
      this.actor = undefined;
      this.actions = [];
      const who = await this.who();
      return { text: t(who.locale, 'shell.acting_as', { name: who.name, handle: who.handle, role: who.role }) };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return { text: renderText(messageScreen(describeError(locale, error), { tone: 'error' })) };
    }
  }

  private async context(): Promise<CommandContext> {
    this.workspace ??= (await loadWorkspaceContext(this.db, this.workspaceId)) ?? undefined;
    if (!this.workspace) throw new Error(`Workspace ${this.workspaceId} not found`);
    this.actor ??= (await loadActor(this.db, this.workspace, this.memberId)) ?? undefined;
    if (!this.actor) throw new Error(`Member ${this.memberId} not found`);
    // The shell has no channels of its own: a digest channel is written as `slack:C0123` or `teams:…`.
    return {
      db: this.db,
      workspace: this.workspace,
      actor: this.actor,
      now: this.clock(),
      platform: 'shell',
      channelTarget: qualifiedChannelTarget,
      readPath: readShellFile,
    };
  }
}

/** A file named in the shell, relative to the working directory; a missing one is a sentence, not a stack trace. */
async function readShellFile(typed: string): Promise<AttachedFile> {
  const path = resolve(typed.replace(/^~(?=$|\/)/, homedir()));
  try {
    return { name: basename(path), content: await readFile(path) };
  } catch {
    throw new DomainError('import.file_missing', { path: typed });
  }
}
