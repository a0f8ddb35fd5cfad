import { z } from 'zod';
import { defineCommand, forField, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { stageOf } from './deal-args.js';
import { DomainError } from '../domain/errors.js';
import { assertAdmin } from '../domain/authz.js';
import { isCurrencyCode } from '../domain/money.js';
import { isValidTimeZone, periodFromKey, periodOf, type PeriodKind } from '../domain/calendar.js';
import { lookupWord, normalizeKey } from '../domain/text-match.js';
import { normalizeLocale } from '../i18n/locale.js';
import { loadWorkspaceContext, setStageProbability, updateWorkspaceSettings, type WorkspaceSettingsPatch } from '../store/workspaces.js';
import { setMemberLocale } from '../store/members.js';
import { renameWorkspace } from '../store/org.js';
import { quotaCurrenciesOtherThan, quotaPeriodsOf } from '../store/quotas.js';
import { ratesIntoOtherCount } from '../store/rates.js';
import { settingsScreen } from '../views/screens/settings.js';
import { afterSalesDaysOf, setAfterSalesDays } from '../store/after-sales.js';
import { parseAfterSalesDays } from '../domain/satisfaction.js';
import { messageScreen } from '../views/screens/message.js';
import { formatDate, formatPeriod } from '../views/format.js';
import type { Locale } from '../i18n/locale.js';
import { t } from '../i18n/index.js';

export const dealdeskLanguage = defineCommand({
  id: 'dealdesk.language',
  path: ['dealdesk', 'language'],
  usage: 'usage.dealdesk.language',
  summary: 'summary.dealdesk.language',
  schema: z.object({ language: z.string({ required_error: 'language.missing' }).trim().min(1, 'language.missing') }),
  parse: (args) => (args.length > 0 ? { language: args.join(' ') } : {}),
  async run(input, ctx) {
    const locale = normalizeLocale(input.language);
    if (!locale) throw new DomainError('language.unknown', { input: input.language, field: 'language' });
    await setMemberLocale(ctx.db, ctx.actor.id, locale);
    return { screen: messageScreen(t(locale, 'language.set'), { tone: 'success' }) };
  },
});

const SETTING_WORDS: Record<string, SettingName> = {
  currency: 'currency',
  货币: 'currency',
  language: 'language',
  locale: 'language',
  语言: 'language',
  timezone: 'timezone',
  'time-zone': 'timezone',
  tz: 'timezone',
  时区: 'timezone',
  'fiscal-start': 'fiscal-start',
  'fiscal-year-start': 'fiscal-start',
  fiscal: 'fiscal-start',
  财年: 'fiscal-start',
  'stale-days': 'stale-days',
  stale: 'stale-days',
  停滞天数: 'stale-days',
  'after-sales-days': 'after-sales-days',
  'after-sales': 'after-sales-days',
  售后回访天数: 'after-sales-days',
  'digest-time': 'digest-time',
  digest: 'digest-time',
  日报时间: 'digest-time',
  'wins-channel': 'wins-channel',
  wins: 'wins-channel',
  喜报频道: 'wins-channel',
  stage: 'stage',
  阶段: 'stage',
  name: 'name',
  'workspace-name': 'name',
  名称: 'name',
  名字: 'name',
};
type SettingName =
  | 'currency'
  | 'language'
  | 'timezone'
  | 'fiscal-start'
  | 'stale-days'
  | 'digest-time'
  | 'wins-channel'
  | 'stage'
  | 'after-sales-days'
  | 'name';

/** The workspace's name is in every header: at most this many characters (as `/dealdesk workspace name`). */
const WORKSPACE_NAME_MAX = 80;

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export const ZSettingsSchema = z.object({ name: z.string().optional(), value: z.array(z.string()).default([]) });

/** `dealdesk settings` shows them; `dealdesk settings <name> <value>` changes one (admins). */
export const dealdeskSettings = defineCommand({
  id: 'dealdesk.settings',
  path: ['dealdesk', 'settings'],
  usage: 'usage.dealdesk.settings',
  summary: 'summary.dealdesk.settings',
  schema: ZSettingsSchema,
  parse: (args) => (args.length > 0 ? { name: args[0], value: args.slice(1) } : {}),
  async run(input, ctx): Promise<CommandResult> {
    const locale = ctx.actor.locale;
    let notice: string | undefined;
    let warnings: string[] = [];
    if (input.name !== undefined) {
      assertAdmin(ctx.actor);
      const name = lookupWord(SETTING_WORDS, normalizeKey(input.name));
      if (!name)
        throw new DomainError('settings.unknown', {
          input: input.name,
          names: Object.keys(SETTING_WORDS)
            .filter((k) => /^[a-z-]+$/.test(k))
            .slice(0, 8),
        });
      if (input.value.length === 0) throw new DomainError('settings.value_missing', { name });
      const patch = await applySetting(ctx, name, input.value);
      notice =
        patch.name === undefined
          ? t(locale, 'settings.updated', { name })
          : t(locale, 'workspace.renamed', { from: ctx.workspace.name, name: patch.name });
      warnings = await quotaWarnings(ctx, patch, locale);
    }
    const workspace = (await loadWorkspaceContext(ctx.db, ctx.workspace.id)) ?? ctx.workspace;
    return {
      screen: settingsScreen(
        {
          ...workspace,
          afterSalesDays: await afterSalesDaysOf(ctx.db, ctx.workspace.id),
          canEdit: ctx.actor.role === 'admin',
          ...(notice ? { notice } : {}),
          warnings,
        },
        locale,
      ),
    };
  },
});

/**
 * Quotas keep their dates and currency whatever the settings say: after a change of fiscal year start,
 * one line per stored period whose name now means other dates (and what those dates are called now);
 * after a change of currency, one line per other currency that quotas are set in.
 */
async function quotaWarnings(ctx: CommandContext, patch: WorkspaceSettingsPatch, locale: Locale): Promise<string[]> {
  const warnings: string[] = [];
  const fiscalStart = patch.fiscalYearStartMonth;
  if (fiscalStart !== undefined && fiscalStart !== ctx.workspace.fiscalYearStartMonth) {
    for (const group of await quotaPeriodsOf(ctx.db, ctx.workspace.id)) {
      const kind = periodKindOfKey(group.periodKey);
      if (!kind) continue;
      const named = periodFromKey(group.periodKey, fiscalStart);
      if (named.start === group.start && named.end === group.end) continue;
      const params = { count: group.count, key: group.periodKey, from: formatDate(group.start, locale), to: formatDate(group.end, locale) };
      const now = periodOf(kind, group.start, fiscalStart);
      warnings.push(
        now.start === group.start && now.end === group.end
          ? t(locale, 'settings.quota_period_moved', { ...params, period: formatPeriod(now, locale), newKey: now.key })
          : t(locale, 'settings.quota_period_unmatched', params),
      );
    }
  }
  if (patch.currency !== undefined && patch.currency !== ctx.workspace.currency) {
    for (const other of await quotaCurrenciesOtherThan(ctx.db, ctx.workspace.id, patch.currency))
      warnings.push(t(locale, 'settings.quota_currency_kept', { count: other.count, currency: other.currency }));
    const staleRates = await ratesIntoOtherCount(ctx.db, ctx.workspace.id, patch.currency);
    if (staleRates > 0) warnings.push(t(locale, 'settings.rates_into_old', { count: staleRates }));
  }
  return warnings;
}

/** The kind of period a stored quota name is (`2026-11`, `2026-Q4`, `FY2027`); undefined for any other name. */
function periodKindOfKey(key: string): PeriodKind | undefined {
  if (/^\d{4}-\d{2}$/.test(key)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(key)) return 'quarter';
  if (/^FY\d{4}$/.test(key)) return 'year';
  return undefined;
}

async function applySetting(ctx: CommandContext, name: SettingName, words: readonly string[]): Promise<WorkspaceSettingsPatch> {
  const value = words.join(' ').trim();
  const patch: WorkspaceSettingsPatch = {};
  switch (name) {
    case 'currency': {
      const code = value.toUpperCase();
      if (!isCurrencyCode(code)) throw new DomainError('money.unknown_currency', { input: value, currency: code });
      patch.currency = code;
      break;
    }
    case 'language': {
      const locale = normalizeLocale(value);
      if (!locale) throw new DomainError('language.unknown', { input: value });
      patch.locale = locale;
      break;
    }
    case 'timezone':
      if (!isValidTimeZone(value)) throw new DomainError('settings.timezone_invalid', { input: value });
      patch.timeZone = value;
      break;
    case 'fiscal-start': {
      const month = /^\d{1,2}$/.test(value) ? Number(value) : MONTH_NAMES.indexOf(value.toLowerCase().slice(0, 3)) + 1;
      if (!(month >= 1 && month <= 12)) throw new DomainError('settings.month_invalid', { input: value });
      patch.fiscalYearStartMonth = month;
      break;
    }
    case 'stale-days': {
      const days = Number(value);
      if (!Number.isInteger(days) || days < 1 || days > 365) throw new DomainError('settings.days_invalid', { input: value });
      patch.staleAfterDays = days;
      break;
    }
    case 'after-sales-days':
      // Not one of the cached settings: read only by a win, `/satisfaction` and this screen.
      await setAfterSalesDays(ctx.db, ctx.workspace.id, parseAfterSalesDays(value));
      return patch;
    case 'digest-time': {
      const [, hours, minutes] = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value) ?? [];
      if (hours === undefined || minutes === undefined) throw new DomainError('settings.time_invalid', { input: value });
      patch.digestTime = `${hours.padStart(2, '0')}:${minutes}`;
      break;
    }
    case 'wins-channel':
      if (['here', 'this', '这里', '本频道'].includes(value.toLowerCase())) {
        // The conversation the admin typed this in; the shell has none.
        if (!ctx.conversationId) throw new DomainError('settings.here_unknown', {});
        patch.winsChannel = ctx.conversationId;
      } else {
        patch.winsChannel = ['none', 'off', '无'].includes(value.toLowerCase()) ? null : value;
      }
      break;
    case 'name':
      if (value.length > WORKSPACE_NAME_MAX) throw new DomainError('workspace.name_too_long', { max: WORKSPACE_NAME_MAX, field: 'value' });
      if (value === ctx.workspace.name) throw new DomainError('people.unchanged', { field: 'value' });
      // Renamed with its audit entry, as `/dealdesk workspace name` does.
      await renameWorkspace(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.actor.id, now: ctx.now }, value);
      return { name: value };
    case 'stage': {
      const [stageWord, pctWord] = words.length === 2 ? words : [words.slice(0, -1).join(' '), words.at(-1)];
      const stage = forField('value', () => stageOf(ctx, stageWord));
      const pct = Number((pctWord ?? '').replace(/%$/, ''));
      if (stage.kind !== 'open' || !Number.isInteger(pct) || pct < 1 || pct > 99)
        throw new DomainError('settings.probability_invalid', { input: pctWord ?? '' });
      await setStageProbability(ctx.db, ctx.workspace.id, stage.key, pct);
      return patch;
    }
  }
  await updateWorkspaceSettings(ctx.db, ctx.workspace.id, patch);
  return patch;
}
