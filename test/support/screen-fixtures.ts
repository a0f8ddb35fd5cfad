// The real screen builders, fed fabricated data, for the renderer tests (Block Kit and Adaptive Cards).
//
//   for (const screen of realScreens('zh-CN')) renderMessage(screen, options);
//
// The fabricated text carries what each renderer must neutralise: Slack mentions and broadcasts (`<!here>`,
// `<@U123>`, `<!channel>`), angle brackets, and Markdown links (`[rollout](https://…)`).
import type { Action, Screen } from '../../src/views/screen.js';
import { t } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/locale.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import type { DealRecord } from '../../src/store/deals.js';
import type { QuotaLine } from '../../src/domain/quota-lines.js';
import { dealListScreen } from '../../src/views/screens/deal-list.js';
import { pipelineScreen } from '../../src/views/screens/pipeline.js';
import { helpGuideScreen } from '../../src/views/screens/help.js';
import { dealCardScreen } from '../../src/views/screens/deal-card.js';
import { settingsScreen } from '../../src/views/screens/settings.js';
import { messageScreen, pickListScreen } from '../../src/views/screens/message.js';
import { quotaScreen } from '../../src/views/screens/quota.js';
import { forecastScreen } from '../../src/views/screens/forecast.js';
import { winScreen } from '../../src/views/screens/win.js';
import { newDealFormScreen } from '../../src/views/screens/forms.js';

/** The "Open" button of deal D-n. */
export const open = (n: number): Action => ({ id: 'deal.show', label: 'Open', command: `deal show D-${n}` });

/** Deal D-n: even numbers are Chinese (CNY), odd ones English (USD) with hostile markup in the title. */
export function deal(n: number, overrides: Partial<DealRecord> = {}): DealRecord {
  const zh = n % 2 === 0;
  return {
    id: `deal-${n}`,
    number: n,
    title: zh ? '数据分析平台' : 'Data migration & <!here> [rollout](https://evil.example)',
    accountId: `acc-${n}`,
    accountName: zh ? '无锡华光电子' : 'Redwood <Analytics>',
    accountGrade: 'B',
    owner: { id: 'm1', name: zh ? '刘洋' : 'Carmen Diaz', handle: 'carmen', teamId: null, managerId: null },
    teamId: null,
    amountMinor: 123_456_00 + n,
    currency: zh ? 'CNY' : 'USD',
    listAmountMinor: 150_000_00,
    discountBps: 1500,
    stage: DEFAULT_STAGES[n % 5]?.key ?? 'lead',
    forecastCategory: 'commit',
    closeDate: '2026-11-23',
    nextStep: 'Send the quote <@U123>',
    nextStepDue: '2026-11-01',
    sourceChannel: 'partner',
    lostReason: null,
    closedAt: null,
    stageEnteredAt: new Date('2026-09-01T00:00:00Z'),
    lastActivityAt: new Date('2026-10-01T00:00:00Z'),
    createdAt: new Date('2026-08-01T00:00:00Z'),
    version: 1,
    ...overrides,
  };
}

/** A USD quota line; `quota` null is a person without a quota. */
export function quotaLine(label: string, quota: number | null, won: number): QuotaLine {
  return {
    label,
    currency: 'USD',
    quotaMinor: quota,
    wonMinor: won,
    wonCount: 3,
    openMinor: 500_000_00,
    attainment:
      quota === null
        ? null
        : {
            quotaMinor: quota,
            closedMinor: won,
            attainmentPct: Math.round((won / quota) * 1000) / 10,
            gapMinor: quota - won,
            expectedToDateMinor: quota / 2,
            paceDeltaMinor: won - quota / 2,
            coverage: 1.4,
          },
  };
}

const NOW = new Date('2026-10-20T12:00:00Z');

/**
 * The card of lost deal D-7, whose title (markup and all) is the card's header. Kept out of realScreens:
 * Block Kit puts that header in a plain_text block verbatim (harmless there: plain_text never mentions),
 * which the Block Kit test's "no `<!` anywhere" check would count.
 */
export function lostDealScreen(locale: Locale): Screen {
  return dealCardScreen(
    {
      deal: deal(7, { stage: 'lost', lostReason: 'Chose competitor' }),
      stages: DEFAULT_STAGES,
      activities: [],
      today: '2026-10-20',
      now: NOW,
    },
    locale,
  );
}

/** Every kind of screen the commands build, in `locale`. The first is a page of 10 deals (with paging). */
export function realScreens(locale: Locale): Screen[] {
  const deals = Array.from({ length: 10 }, (_, i) => deal(i + 1));
  const now = NOW;
  const lines = DEFAULT_STAGES.filter((s) => s.kind === 'open').map((stage, i) => ({
    stage,
    count: 10 + i,
    sumMinor: 1_000_000_00 * (i + 1),
    weightedMinor: 1_000_000 * stage.probability * (i + 1),
    oldestDays: i === 2 ? null : 100 + i,
    staleCount: i,
  }));
  const reps = ['Alice Carter', 'Brian Lee', '刘洋', '李娜'].map((name, i) =>
    quotaLine(name, i === 3 ? null : 100_000_00 * (i + 1), 28_000_00 * i),
  );
  return [
    dealListScreen(
      { heading: 'Demo · Open deals', deals, stages: DEFAULT_STAGES, total: 100, page: 2, pageSize: 10, command: 'deal list all' },
      locale,
    ),
    dealListScreen({ heading: 'Empty', deals: [], stages: DEFAULT_STAGES, total: 0, page: 1, pageSize: 10, command: 'deal list' }, locale),
    pipelineScreen(
      {
        scopeLabel: 'Demo workspace',
        periodLabel: 'Q4 2026',
        staleAfterDays: 14,
        scopeWords: 'all',
        conversion: {
          ratesUsed: [{ currency: 'CNY', rate: '0.1378', effectiveDate: '2026-11-23' }],
          missing: [{ kind: 'deals', currency: 'EUR', date: '2026-11-23', count: 3, sumMinor: 12_000_00 }],
        },
        summary: {
          currency: 'USD',
          lines,
          total: { currency: 'USD', count: 60, sumMinor: 15_000_000_00, weightedMinor: 5_000_000_00 },
        },
      },
      locale,
    ),
    helpGuideScreen(
      locale,
      [
        {
          title: 'help.section.log',
          examples: [
            { line: 'help.ex.deal_new', does: 'help.does.deal_new' },
            { line: 'help.ex.deal_move', does: 'help.does.deal_move' },
          ],
          commands: ['/deal new', '/deal move', '/deal list'],
          actions: [{ id: 'deal.list', label: 'My deals', command: 'deal list mine' }],
        },
        {
          title: 'help.section.reports',
          examples: [{ line: 'help.ex.pipeline', does: 'help.does.pipeline' }],
          commands: ['/pipeline', '/quota'],
          actions: [],
        },
      ],
      'Demo <workspace>',
      true,
    ),
    dealCardScreen(
      {
        deal: deal(4),
        stages: DEFAULT_STAGES,
        activities: Array.from({ length: 30 }, (_, i) => ({
          kind: 'note',
          text: `Called & emailed <!channel> ${i}\nSecond line`,
          at: new Date('2026-10-10T00:00:00Z'),
          memberName: '李娜',
        })),
        today: '2026-10-20',
        now,
        notice: { text: 'Moved to Proposal', tone: 'success' },
      },
      locale,
    ),
    settingsScreen(
      {
        name: 'Demo',
        currency: 'USD',
        locale,
        timeZone: 'Asia/Shanghai',
        fiscalYearStartMonth: 4,
        staleAfterDays: 14,
        digestTime: '08:30',
        winsChannel: null,
        stages: DEFAULT_STAGES,
        canEdit: false,
      },
      locale,
    ),
    settingsScreen(
      {
        name: 'Demo',
        currency: 'USD',
        locale,
        timeZone: 'Asia/Shanghai',
        fiscalYearStartMonth: 4,
        staleAfterDays: 14,
        digestTime: '08:30',
        winsChannel: null,
        stages: DEFAULT_STAGES,
        canEdit: false,
        notice: 'Saved',
      },
      locale,
    ),
    quotaScreen(
      {
        heading: 'North America',
        periodLabel: 'Q4 2026',
        lines: reps,
        total: quotaLine('North America', 525_000_00, 207_100_00),
        single: false,
        elapsedPct: 58.7,
        conversion: {
          ratesUsed: [{ currency: 'CNY', rate: '0.1378', effectiveDate: '2026-11-23' }],
          missing: [{ kind: 'quotas', currency: 'EUR', date: '2026-12-31', count: 1, sumMinor: 100_000_00 }],
        },
      },
      locale,
    ),
    quotaScreen(
      {
        heading: 'Carmen',
        periodLabel: 'Q4 2026',
        lines: [],
        total: quotaLine('Carmen', null, 0),
        single: true,
        elapsedPct: 58.7,
        setCommand: 'quota set @carmen 100k',
        conversion: { ratesUsed: [], missing: [] },
      },
      locale,
    ),
    forecastScreen(
      {
        heading: 'Team',
        periodLabel: 'Q4 2026',
        quotaMinor: 525_000_00,
        conversion: { ratesUsed: [{ currency: 'CNY', rate: '0.1378', effectiveDate: '2026-11-23' }], missing: [] },
        figures: {
          currency: 'USD',
          closedMinor: 207_100_00,
          closedCount: 5,
          commitMinor: 100_000_00,
          bestMinor: 50_000_00,
          pipelineMinor: 400_000_00,
          weightedOpenMinor: 180_000_00,
          counts: { commit: 3, best: 2, pipeline: 9 },
          commitForecastMinor: 307_100_00,
          bestCaseForecastMinor: 357_100_00,
          weightedForecastMinor: 387_100_00,
        },
      },
      locale,
    ),
    winScreen(deal(3, { stage: 'won', closedAt: new Date('2026-10-19T00:00:00Z') }), locale),
    messageScreen(t(locale, 'list.empty'), { tone: 'error', hint: 'Usage: /deal new <account>' }),
    messageScreen(t(locale, 'list.empty'), { tone: 'error', hint: 'Usage: /deal new <account>', actions: [open(1)] }),
    pickListScreen(
      'Which one?',
      [deal(1), deal(2)].map((d) => ({ title: d.accountName, detail: d.title, action: open(d.number) })),
    ),
    newDealFormScreen(locale, DEFAULT_STAGES, 'USD'),
  ];
}
