/**
 * The manager digest as several small screens, one per section, so each platform message stays
 * short: overview, pipeline, changes, slipping, stale, approvals, quota, biggest deals closing, and
 * on Mondays the weekly summary. Pure: (data, locale) → screens; the clock is part of the data.
 */
import type { Action, Block, Field, Item, Screen } from '../screen.js';
import type { StageDef } from '../../domain/stages.js';
import type { PipelineSummary } from '../../domain/pipeline.js';
import { dateToUtcMidnight, daysBetween, type CalendarDate } from '../../domain/calendar.js';
import { dealRef } from '../../domain/deal.js';
import type { DealRecord } from '../../store/deals.js';
import type { DealSample } from '../../store/digest-data.js';
import type { DiscountRequestRecord } from '../../store/discounts.js';
import type { QuotaReport } from '../../domain/quota-lines.js';
import type { ChannelLine, Change, CurrencySums, DealRefData, DigestChanges, WeeklyFigures } from '../../domain/digest-figures.js';
import { keyOf, t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { ageDays, count, dateTimeFormat, day, formatPeriod, money, percent, stageLabel } from '../format.js';
import { pipelineScreen } from './pipeline.js';
import { quotaScreen } from './quota.js';
import { sliceName } from './report-slices.js';
import { NO_CONVERSION, type Conversion } from '../../domain/exchange.js';
import { conversionNotes } from '../conversion.js';

/** Lines a list section shows before its "and N more" line. */
export const SECTION_LINES = 10;

export type ManagerDigestData = {
  /** `member`: the manager's own copy (greeting, approvals); `channel`: the team channel's copy. */
  audience: 'member' | 'channel';
  recipientName: string;
  scopeLabel: string;
  /** Who-words that repeat the scope in a button's command: `team North America`, `all`. */
  scopeWords: string;
  stages: readonly StageDef[];
  currency: string;
  staleAfterDays: number;
  /** The slot (or "now" for `/dealdesk digest now`) and the previous slot the changes start after. */
  at: Date;
  since: Date;
  late: boolean;
  timeZone: string;
  today: CalendarDate;
  pipeline: PipelineSummary;
  changes: DigestChanges;
  slipping: DealSample;
  stale: DealSample;
  approvals: readonly DiscountRequestRecord[];
  quota: QuotaReport;
  biggest: readonly DealRecord[];
  weekly: WeeklyFigures | null;
  /** Won in the quota's period and open now, per source channel: a line of the overview. */
  byChannel?: readonly ChannelLine[];
  /** The rates each section's sums were converted at, and what was left out for want of one. */
  conversions: { pipeline: Conversion; changes: Conversion; weekly: Conversion | null };
};

/** "Mon, Nov 2, 08:30 AM" / "11月2日周一 08:30" in the recipient's zone. */
export function instantLabel(locale: Locale, at: Date, timeZone: string): string {
  return dateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(at);
}

/** "Monday, Nov 2, 2026" / "2026年11月2日 星期一". */
export function dateLabel(locale: Locale, date: CalendarDate): string {
  const weekday = dateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(dateToUtcMidnight(date));
  return t(locale, 'digest.date', { weekday, date: day(locale, date) });
}

export function dealLabel(deal: Pick<DealRefData, 'number' | 'title' | 'accountName'>): string {
  return `${dealRef(deal.number)} ${deal.accountName}${deal.title !== deal.accountName ? ` — ${deal.title}` : ''}`;
}

export function openAction(locale: Locale, number: number): Action {
  return { id: 'deal.show', label: t(locale, 'action.open'), command: `deal show ${dealRef(number)}` };
}

/** "…and N more", plus a button to the full list when there is one. */
export function moreBlocks(locale: Locale, shown: number, total: number, command?: string): Block[] {
  if (total <= shown) return [];
  const blocks: Block[] = [{ type: 'context', text: t(locale, 'list.more', { count: total - shown }) }];
  if (command) blocks.push({ type: 'actions', actions: [{ id: 'deal.list', label: t(locale, 'digest.action.show_all'), command }] });
  return blocks;
}

function sums(locale: Locale, totals: CurrencySums): string {
  return totals.map((s) => money(locale, s.sumMinor, s.currency)).join(' + ');
}

function countWithSums(locale: Locale, n: number, totals: CurrencySums): string {
  return n === 0
    ? t(locale, 'digest.deals', { count: 0 })
    : t(locale, 'digest.changes.count_value', { count: n, amount: sums(locale, totals) });
}

export function managerDigestScreens(data: ManagerDigestData, locale: Locale): Screen[] {
  const screens = [
    overviewScreen(data, locale),
    pipelineSection(data, locale),
    changesScreen(data, locale),
    slippingScreen(data, locale),
    staleScreen(data, locale),
  ];
  if (data.audience === 'member' && data.approvals.length > 0) screens.push(approvalsScreen(data, locale));
  screens.push(quotaSection(data, locale), biggestScreen(data, locale));
  if (data.weekly) screens.push(weeklyScreen(data, data.weekly, locale));
  return screens;
}

function overviewScreen(data: ManagerDigestData, locale: Locale): Screen {
  const title = t(locale, 'digest.title', { scope: data.scopeLabel, date: dateLabel(locale, data.today) });
  const time = instantLabel(locale, data.at, data.timeZone);
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (data.late) blocks.push({ type: 'text', tone: 'warning', text: t(locale, 'digest.late', { time }) });
  blocks.push(
    data.audience === 'member'
      ? { type: 'text', text: t(locale, 'digest.greeting', { name: data.recipientName, scope: data.scopeLabel, time }) }
      : { type: 'context', text: t(locale, 'digest.as_of', { time }) },
  );
  const { total } = data.pipeline;
  const { counts } = data.changes;
  const fields: Field[] = [
    {
      label: t(locale, 'digest.overview.pipeline'),
      value: t(locale, 'digest.overview.pipeline_value', {
        count: total.count,
        total: money(locale, total.sumMinor, total.currency),
        weighted: money(locale, total.weightedMinor, total.currency),
      }),
    },
    {
      label: t(locale, 'digest.overview.changes'),
      value: t(locale, 'digest.overview.changes_value', { created: counts.new, moved: counts.moved, won: counts.won, lost: counts.lost }),
    },
    { label: t(locale, 'digest.overview.slipping'), value: t(locale, 'digest.deals', { count: data.slipping.total }) },
    { label: t(locale, 'digest.overview.stale'), value: t(locale, 'digest.deals', { count: data.stale.total }) },
  ];
  if (data.audience === 'member')
    fields.push({ label: t(locale, 'digest.overview.approvals'), value: count(locale, data.approvals.length) });
  const quota = data.quota.total;
  fields.push({
    label: t(locale, 'digest.overview.quota'),
    value:
      quota.attainment && quota.quotaMinor !== null
        ? t(locale, 'digest.overview.quota_value', {
            attainment: percent(locale, quota.attainment.attainmentPct),
            quota: money(locale, quota.quotaMinor, quota.currency),
            period: formatPeriod(data.quota.period, locale),
          })
        : t(locale, 'quota.not_set'),
  });
  blocks.push({ type: 'fields', fields });
  if (data.byChannel && data.byChannel.length > 0) {
    const channels = data.byChannel.map((line) =>
      t(locale, 'digest.by_channel.item', {
        channel: sliceName('channel', line.channel, locale),
        won: money(locale, line.wonMinor, data.currency),
        open: money(locale, line.openMinor, data.currency),
      }),
    );
    const period = formatPeriod(data.quota.period, locale);
    blocks.push({
      type: 'context',
      text: t(locale, 'digest.by_channel', { period, channels: channels.join(locale === 'zh-CN' ? '；' : '; ') }),
    });
  }
  return { kind: 'message', title, blocks };
}

function pipelineSection(data: ManagerDigestData, locale: Locale): Screen {
  return pipelineScreen(
    {
      scopeLabel: data.scopeLabel,
      summary: data.pipeline,
      conversion: data.conversions.pipeline,
      staleAfterDays: data.staleAfterDays,
      scopeWords: data.scopeWords,
    },
    locale,
  );
}

function changeLine(locale: Locale, data: ManagerDigestData, change: Change): Item {
  const deal = dealLabel(change.deal);
  const key = keyOf('digest.change', change.kind);
  const cash = (minor: number | null, currency: string) => (minor === null ? '—' : money(locale, minor, currency));
  const fromTo = (from: string, to: string) => t(locale, 'digest.change.from_to', { from, to });
  let parts: string[];
  switch (change.kind) {
    case 'new':
      parts = [cash(change.amountMinor, change.currency), stageLabel(locale, data.stages, change.stage)];
      break;
    case 'won':
      parts = [cash(change.amountMinor, change.currency)];
      break;
    case 'lost':
      parts = [cash(change.amountMinor, change.currency), change.reason ?? t(locale, 'digest.change.no_reason')];
      break;
    case 'moved':
      parts = [fromTo(stageLabel(locale, data.stages, change.from), stageLabel(locale, data.stages, change.to))];
      break;
    case 'amount':
      parts = [fromTo(cash(change.fromMinor, change.currency), cash(change.toMinor, change.currency))];
      break;
    case 'close_date':
      parts = [fromTo(day(locale, change.from), day(locale, change.to))];
      break;
  }
  return {
    title: t(locale, key, { deal }),
    detail: [...parts, change.deal.ownerName].join(' · '),
    action: openAction(locale, change.deal.number),
  };
}

function changesScreen(data: ManagerDigestData, locale: Locale): Screen {
  const title = t(locale, 'digest.changes.title', { since: instantLabel(locale, data.since, data.timeZone) });
  const { counts, sums: totals, items } = data.changes;
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (items.length === 0) {
    blocks.push({ type: 'text', text: t(locale, 'digest.changes.none') });
    return { kind: 'message', title, blocks };
  }
  blocks.push({
    type: 'fields',
    fields: [
      { label: t(locale, 'digest.changes.won'), value: countWithSums(locale, counts.won, totals.won) },
      { label: t(locale, 'digest.changes.lost'), value: countWithSums(locale, counts.lost, totals.lost) },
      { label: t(locale, 'digest.changes.new'), value: countWithSums(locale, counts.new, totals.new) },
      { label: t(locale, 'digest.changes.moved'), value: t(locale, 'digest.deals', { count: counts.moved }) },
      { label: t(locale, 'digest.changes.amount'), value: t(locale, 'digest.deals', { count: counts.amount }) },
      { label: t(locale, 'digest.changes.close_date'), value: t(locale, 'digest.deals', { count: counts.close_date }) },
    ],
  });
  const shown = items.slice(0, SECTION_LINES);
  blocks.push(
    { type: 'items', items: shown.map((change) => changeLine(locale, data, change)) },
    ...moreBlocks(locale, shown.length, items.length),
    ...conversionNotes(data.conversions.changes, data.currency, locale).map((text) => ({ type: 'context' as const, text })),
  );
  return { kind: 'message', title, blocks };
}

function dealItem(locale: Locale, data: Pick<ManagerDigestData, 'stages'>, deal: DealRecord, first: string): Item {
  return {
    title: dealLabel(deal),
    detail: [first, money(locale, deal.amountMinor, deal.currency), stageLabel(locale, data.stages, deal.stage), deal.owner.name].join(
      ' · ',
    ),
    action: openAction(locale, deal.number),
  };
}

function listSection(
  locale: Locale,
  title: string,
  sample: DealSample,
  intro: string,
  none: string,
  line: (deal: DealRecord) => Item,
  command: string,
): Screen {
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (sample.total === 0) {
    blocks.push({ type: 'text', text: none });
  } else {
    const shown = sample.deals.slice(0, SECTION_LINES);
    blocks.push(
      { type: 'text', text: intro },
      { type: 'items', items: shown.map(line) },
      ...moreBlocks(locale, shown.length, sample.total, command),
    );
  }
  return { kind: 'deal_list', title, blocks };
}

function slippingScreen(data: ManagerDigestData, locale: Locale): Screen {
  return listSection(
    locale,
    t(locale, 'digest.slipping.title', { scope: data.scopeLabel }),
    data.slipping,
    t(locale, 'digest.slipping.intro', { count: data.slipping.total }),
    t(locale, 'digest.slipping.none'),
    (deal) =>
      dealItem(
        locale,
        data,
        deal,
        deal.closeDate
          ? t(locale, 'deal.close_overdue', {
              date: day(locale, deal.closeDate),
              days: Math.max(1, daysBetween(deal.closeDate, data.today)),
            })
          : '—',
      ),
    `deal list ${data.scopeWords} slipping`,
  );
}

function staleScreen(data: ManagerDigestData, locale: Locale): Screen {
  const days = data.staleAfterDays;
  return listSection(
    locale,
    t(locale, 'digest.stale.title', { scope: data.scopeLabel }),
    data.stale,
    t(locale, 'digest.stale.intro', { count: data.stale.total, days }),
    t(locale, 'digest.stale.none', { days }),
    (deal) =>
      dealItem(
        locale,
        data,
        deal,
        t(locale, 'digest.idle', { count: ageDays(deal.lastActivityAt, data.at), days: ageDays(deal.lastActivityAt, data.at) }),
      ),
    `deal list ${data.scopeWords} stale`,
  );
}

function approvalsScreen(data: ManagerDigestData, locale: Locale): Screen {
  const title = t(locale, 'digest.approvals.title');
  const shown = data.approvals.slice(0, SECTION_LINES);
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'text', text: t(locale, 'digest.approvals.intro', { count: data.approvals.length }) },
    {
      type: 'items',
      items: shown.map((request) => {
        const waited = ageDays(request.decisions.at(-1)?.at ?? request.createdAt, data.at);
        return {
          title: `${dealRef(request.dealNumber)} · ${percent(locale, request.discountBps / 100)} · ${money(locale, request.netAmountMinor, request.currency)}`,
          detail: [
            request.requesterName,
            request.reason,
            t(locale, 'digest.approvals.waiting_since', { count: waited, days: waited }),
          ].join(' · '),
          action: { id: 'discount.show', label: t(locale, 'action.open'), command: `deal discount ${dealRef(request.dealNumber)}` },
        };
      }),
    },
    ...moreBlocks(locale, shown.length, data.approvals.length, 'deal approvals'),
  ];
  return { kind: 'approval_list', title, blocks };
}

function quotaSection(data: ManagerDigestData, locale: Locale): Screen {
  const { quota } = data;
  const target = data.scopeWords.startsWith('team ') ? data.scopeWords : t(locale, 'quota.set_target_any');
  return quotaScreen(
    {
      heading: data.scopeLabel,
      periodLabel: formatPeriod(quota.period, locale),
      lines: quota.lines,
      total: quota.total,
      single: false,
      elapsedPct: Math.round(quota.elapsed * 1000) / 10,
      setCommand: t(locale, 'quota.set_command', { target, period: quota.period.key }),
      conversion: quota.conversion,
    },
    locale,
  );
}

function biggestScreen(data: ManagerDigestData, locale: Locale): Screen {
  const period = formatPeriod(data.quota.period, locale);
  const title = t(locale, 'digest.biggest.title', { period });
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (data.biggest.length === 0) {
    blocks.push({ type: 'text', text: t(locale, 'digest.biggest.none', { period, currency: data.currency }) });
  } else {
    blocks.push(
      { type: 'items', items: data.biggest.map((deal) => dealItem(locale, data, deal, day(locale, deal.closeDate))) },
      { type: 'context', text: t(locale, 'digest.biggest.legend', { count: data.biggest.length, currency: data.currency }) },
    );
  }
  return { kind: 'deal_list', title, blocks };
}

function weeklyScreen(data: ManagerDigestData, weekly: WeeklyFigures, locale: Locale): Screen {
  const title = t(locale, 'digest.weekly.title', { scope: data.scopeLabel, days: weekly.days });
  const blocks: Block[] = [
    { type: 'header', text: title },
    {
      type: 'table',
      columns: [
        { label: t(locale, 'digest.weekly.col.stage') },
        { label: t(locale, 'digest.weekly.col.entered'), align: 'right' },
        { label: t(locale, 'digest.weekly.col.advanced'), align: 'right' },
        { label: t(locale, 'digest.weekly.col.conversion'), align: 'right' },
      ],
      rows: weekly.lines.map((line) => [
        stageLabel(locale, data.stages, line.stage.key),
        count(locale, line.entered),
        count(locale, line.movedOn),
        percent(locale, line.nextPct),
      ]),
    },
    {
      type: 'fields',
      fields: [
        {
          label: t(locale, 'digest.weekly.win_rate'),
          value: t(locale, 'digest.weekly.win_rate_value', {
            rate: percent(locale, weekly.winRatePct),
            won: count(locale, weekly.won),
            lost: count(locale, weekly.lost),
          }),
        },
        {
          label: t(locale, 'digest.weekly.avg_deal'),
          value: weekly.avgWonMinor === null ? '—' : money(locale, weekly.avgWonMinor, weekly.currency),
        },
        {
          label: t(locale, 'digest.weekly.cycle'),
          value:
            weekly.medianCycleDays === null
              ? '—'
              : t(locale, 'digest.weekly.cycle_value', { count: weekly.medianCycleDays, days: weekly.medianCycleDays }),
        },
      ],
    },
    { type: 'text', text: t(locale, 'digest.weekly.lost_reasons') },
  ];
  if (weekly.lostReasons.length === 0) {
    blocks.push({ type: 'context', text: t(locale, 'digest.weekly.no_losses') });
  } else {
    const shown = weekly.lostReasons.slice(0, SECTION_LINES);
    blocks.push(
      {
        type: 'items',
        items: shown.map((row) => ({
          title: row.reason ?? t(locale, 'digest.change.no_reason'),
          detail: t(locale, 'digest.deals', { count: row.count }),
        })),
      },
      ...moreBlocks(locale, shown.length, weekly.lostReasons.length),
    );
  }
  blocks.push({ type: 'context', text: t(locale, 'digest.weekly.legend', { days: weekly.days, currency: weekly.currency }) });
  for (const text of conversionNotes(data.conversions.weekly ?? NO_CONVERSION, weekly.currency, locale))
    blocks.push({ type: 'context', text });
  return { kind: 'message', title, blocks };
}
