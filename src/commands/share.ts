/**
 * "Share to channel" (#16 point 4). A private answer asked in a channel offers to post itself there; the
 * share runs a command that only reads again, as the person who pressed, so the channel sees only what
 * that person may see (each command checks it, as when typed), in the workspace's language and saying
 * who shared it. A deal card is shared as `deal show`, whatever write produced it, so nothing is done twice.
 */
import type { CommandContext } from './context.js';
import type { CommandResult } from './command.js';
import { execute, matchCommand } from './execute.js';
import { tokenize } from './tokenize.js';
import { dealRef } from '../domain/deal.js';
import { DomainError } from '../domain/errors.js';
import type { Screen, ScreenKind } from '../views/screen.js';
import { messageScreen } from '../views/screens/message.js';
import { t } from '../i18n/index.js';
import type { Locale } from '../i18n/locale.js';

/** The share button's action id. */
export const SHARE_ACTION = 'share';

/** Reports and cards; not forms, help, settings, errors, pick lists or approvals (whose buttons are the approver's). */
const SHAREABLE_SCREENS: ReadonlySet<ScreenKind> = new Set<ScreenKind>([
  'deal_card',
  'deal_list',
  'deal_history',
  'deal_search',
  'pipeline',
  'quota',
  'forecast',
  'funnel',
  'competitors',
  'account',
  'satisfaction',
  'scorecard',
  'leaderboard',
]);

/** The commands that only read; `account` also writes (contacts, grade), so only its plain showing counts. */
const READING_COMMANDS: ReadonlySet<string> = new Set([
  'deal.show',
  'deal.list',
  'deal.history',
  'deal.search',
  'pipeline',
  'quota',
  'forecast',
  'funnel',
  'competitors',
  'account',
  'satisfaction',
  'scorecard',
  'leaderboard',
]);

async function onlyReads(line: string, ctx: CommandContext): Promise<boolean> {
  const tokens = tokenize(line);
  if (tokens.length === 0) return false;
  const match = matchCommand(tokens);
  if (match instanceof DomainError || !READING_COMMANDS.has(match.command.id)) return false;
  if (match.command.id !== 'account') return true;
  const input: unknown = await match.command.parse(match.args, ctx);
  return typeof input === 'object' && input !== null && 'action' in input && input.action === 'show';
}

/** The command that shows `result`'s screen again without changing anything, or undefined when it cannot be shared. */
async function shareCommandFor(line: string, result: CommandResult, ctx: CommandContext): Promise<string | undefined> {
  const { screen } = result;
  if (result.error || screen.form || screen.tone === 'error' || !SHAREABLE_SCREENS.has(screen.kind)) return undefined;
  if (screen.kind === 'deal_card' && screen.subject?.type === 'deal') return `deal show ${dealRef(screen.subject.number)}`;
  return (await onlyReads(line, ctx)) ? line : undefined;
}

/** The answer to `line` with a Share to channel button when it can be shared; the screen as it was otherwise. */
export async function withShareOffer(line: string, result: CommandResult, ctx: CommandContext): Promise<Screen> {
  const command = await shareCommandFor(line, result, ctx);
  if (!command) return result.screen;
  return { ...result.screen, share: { id: SHARE_ACTION, label: t(ctx.actor.locale, 'share.action'), command } };
}

function refused(locale: Locale): CommandResult {
  const message = t(locale, 'share.not_shareable');
  return { screen: messageScreen(message, { tone: 'error' }), error: { code: 'share.not_shareable', message } };
}

/**
 * A share pressed: `line` runs again as the presser, drawn in the workspace's language for the channel,
 * with "Shared by …" under it. A refusal (someone else's report, a deal gone) comes back in the presser's
 * language, to be told to them alone; so does a line that would write.
 */
export async function shareAnswer(line: string, ctx: CommandContext): Promise<CommandResult> {
  if (!(await onlyReads(line, ctx))) return refused(ctx.actor.locale);
  const locale = ctx.workspace.locale;
  const result = await execute(line, { ...ctx, actor: { ...ctx.actor, locale } });
  if (result.internal) return result;
  if (result.error) return locale === ctx.actor.locale ? result : execute(line, ctx);
  if (!SHAREABLE_SCREENS.has(result.screen.kind)) return refused(ctx.actor.locale);
  const { screen } = result;
  return { screen: { ...screen, blocks: [...screen.blocks, { type: 'context', text: t(locale, 'share.by', { name: ctx.actor.name }) }] } };
}
