import type { CommandContext } from './context.js';
import type { Command, CommandResult } from './command.js';
import { COMMANDS, commandById, knownCommand } from './index.js';
import { tokenize, joinTokens } from './tokenize.js';
import { AmbiguousDealError } from './resolve-deal.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import {
  closestMatches,
  lookupWord,
  normalizeKey,
  overlongField,
  TYPED_FIELD_MAX,
  TYPED_LINE_MAX,
  withoutControlCharacters,
  withoutControlCharactersIn,
} from '../domain/text-match.js';
import { dealRef, parseDealNumber } from '../domain/deal.js';
import { stageName } from '../domain/stages.js';
import { messageScreen, pickListScreen } from '../views/screens/message.js';
import { isMessageKey, t } from '../i18n/index.js';
import type { Locale } from '../i18n/locale.js';
import { logger } from '../logger.js';
import { day, money } from '../views/format.js';

/** Words people use for a command in either language, mapped to the command's path. */
const ALIASES: Record<string, readonly string[]> = {
  help: ['dealdesk', 'help'],
  帮助: ['dealdesk', 'help'],
  '?': ['dealdesk', 'help'],
  settings: ['dealdesk', 'settings'],
  设置: ['dealdesk', 'settings'],
  language: ['dealdesk', 'language'],
  语言: ['dealdesk', 'language'],
  管道: ['pipeline'],
  漏斗: ['funnel'],
  竞争对手: ['competitors'],
  竞争: ['competitors'],
  客户: ['account'],
  满意度: ['satisfaction'],
  绩效: ['scorecard'],
  排行榜: ['leaderboard'],
  配额: ['quota'],
  指标: ['quota'],
  预测: ['forecast'],
  deals: ['deal', 'list'],
};

/** Group words whose bare form means something else than "unknown sub-command". */
const GROUP_DEFAULTS: Record<string, string> = { deal: 'deal.form', dealdesk: 'dealdesk.help' };

type Match = { command: Command; args: string[] };

export function matchCommand(tokens: readonly string[]): Match | DomainError {
  const words = tokens.map((token, i) => (i < 2 ? normalizeKey(token.replace(/^\//, '')) : token));
  const alias = words[0] !== undefined ? lookupWord(ALIASES, words[0]) : undefined;
  const path = alias ? [...alias, ...words.slice(1)] : words;
  const raw = alias ? [...alias, ...tokens.slice(1)] : [...tokens];
  let best: Command | undefined;
  for (const command of COMMANDS) {
    const fits = command.path.every((word, i) => path[i] === word);
    if (fits && command.path.length > (best?.path.length ?? 0)) best = command;
  }
  const group = path[0] !== undefined ? lookupWord(GROUP_DEFAULTS, path[0]) : undefined;
  if (group && (best === undefined || best.path.length === 1)) {
    if (path.length === 1) return { command: knownCommand(group), args: [] };
    // `/deal D-42` shows the deal; `/deal mvoe` is a typo worth a suggestion.
    if (path[0] === 'deal' && parseDealNumber(raw[1] ?? '') !== undefined)
      return { command: knownCommand('deal.show'), args: raw.slice(1) };
    const subs = COMMANDS.flatMap(({ path: [root, sub, ...more] }) =>
      root === path[0] && sub !== undefined && more.length === 0 ? [sub] : [],
    );
    const near = closestMatches(path[1] ?? '', subs, (s) => [s], 2);
    return new DomainError('command.unknown_sub', {
      group: path[0],
      input: raw[1] ?? '',
      suggestions: near.map((s) => `/${path[0]} ${s}`),
      subs: subs.map((s) => `/${path[0]} ${s}`),
    });
  }
  if (!best) {
    const roots = [...new Set(COMMANDS.flatMap((c) => c.path.slice(0, 1)))];
    const near = closestMatches(path[0] ?? '', roots, (s) => [s], 2);
    return new DomainError('command.unknown', { input: raw[0] ?? '', suggestions: near.map((s) => `/${s}`) });
  }
  return { command: best, args: raw.slice(best.path.length) };
}

/** Runs a typed line (`/deal new Acme 50k`, `pipeline team`, a button's command) for the acting member. */
export async function execute(line: string, ctx: CommandContext): Promise<CommandResult> {
  const tooLong = line.length > TYPED_LINE_MAX && new DomainError('input.too_long', { length: line.length, max: TYPED_LINE_MAX });
  const tokens = tooLong ? [] : tokenize(withoutControlCharacters(line));
  if (tokens.length === 0 && !tooLong) return execute('dealdesk help', ctx);
  const match = tooLong || matchCommand(tokens);
  if (match instanceof DomainError)
    return { screen: errorScreen(ctx.actor.locale, match), error: { code: match.code, message: describeError(ctx.actor.locale, match) } };
  return guarded(
    ctx,
    match.command,
    async () => match.command.invoke(await match.command.parse(match.args, ctx), ctx),
    (error) => (error instanceof AmbiguousDealError ? pickDeal(ctx, error, tokens) : undefined),
  );
}

/** Runs a command from a submitted form (a Slack modal, a Teams card): same schema, same use case. */
export async function executeForm(commandId: string, values: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const command = commandById(commandId);
  if (!command) throw new Error(`No command ${commandId}`);
  const overlong = overlongField(values);
  return guarded(ctx, command, () => {
    if (overlong) throw new DomainError('input.field_too_long', { ...overlong, max: TYPED_FIELD_MAX });
    return command.invoke(withoutControlCharactersIn(values), ctx);
  });
}

async function guarded(
  ctx: CommandContext,
  command: Command,
  run: () => Promise<CommandResult>,
  special?: (error: DomainError) => CommandResult | undefined,
): Promise<CommandResult> {
  try {
    return await run();
  } catch (error) {
    if (isDomainError(error)) {
      const handled = special?.(error);
      if (handled) return handled;
      const field = typeof error.data.field === 'string' && error.data.field ? error.data.field : undefined;
      return {
        screen: errorScreen(ctx.actor.locale, error, command),
        error: { code: error.code, message: describeError(ctx.actor.locale, error), ...(field ? { field } : {}) },
      };
    }
    logger.error({ err: error, command: command.id, workspaceId: ctx.workspace.id }, 'command failed');
    return { screen: messageScreen(t(ctx.actor.locale, 'error.internal'), { tone: 'error' }), internal: error };
  }
}

/** One sentence saying what went wrong and what to type instead, in the member's language. */
export function describeError(locale: Locale, error: DomainError): string {
  const data = { ...error.data };
  const zh = locale === 'zh-CN';
  if (zh && data.stagesZh) data.stages = data.stagesZh;
  const suggestion = zh ? (data.suggestionZh ?? data.suggestion) : data.suggestion;
  const suggestions = Array.isArray(data.suggestions)
    ? (data.suggestions as readonly string[])
    : suggestion !== undefined
      ? [String(suggestion)]
      : [];
  const base = isMessageKey(error.code) ? t(locale, error.code, data) : t(locale, 'error.unknown', { code: error.code });
  return suggestions.length > 0 ? `${base} ${t(locale, 'error.did_you_mean', { suggestions })}` : base;
}

export function errorScreen(locale: Locale, error: DomainError, command?: Command) {
  const hint =
    command && !error.code.startsWith('auth.') && !error.code.endsWith('forbidden')
      ? t(locale, 'error.usage', { usage: t(locale, command.usage) })
      : undefined;
  return messageScreen(describeError(locale, error), { tone: 'error', ...(hint ? { hint } : {}) });
}

function pickDeal(ctx: CommandContext, error: AmbiguousDealError, tokens: readonly string[]): CommandResult {
  const locale = ctx.actor.locale;
  const index = tokens.findIndex((token, i) => i > 0 && token === error.data.ref);
  const items = error.candidates.map((deal) => {
    const replaced = [...tokens];
    if (index >= 0) replaced[index] = dealRef(deal.number);
    const stage = ctx.workspace.stages.find((s) => s.key === deal.stage);
    return {
      title: `${dealRef(deal.number)} ${deal.accountName}${deal.title !== deal.accountName ? ` — ${deal.title}` : ''}`,
      detail: [
        money(locale, deal.amountMinor, deal.currency),
        stage ? stageName(stage, locale) : deal.stage,
        day(locale, deal.closeDate),
        deal.owner.name,
      ].join(' · '),
      action: { id: 'pick', label: t(locale, 'action.choose'), command: joinTokens(replaced).replace(/^\//, '') },
    };
  });
  return { screen: pickListScreen(t(locale, 'deal.ambiguous', { ref: String(error.data.ref), count: error.candidates.length }), items) };
}
