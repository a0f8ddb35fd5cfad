// The manager digest and the rep nudge over a week that includes the US fall-back (Sunday
// 2026-11-01), driven by the real runner with a fixed clock: ticks every four minutes around each
// zone's 08:30 and some random ticks, and deal changes made between them. The digest's figures are
// checked against plain SQL (raw queries over "Deal", "DealEvent", "Stage", "Member", "Team", "Quota";
// no store function and no Prisma model API), on each provider under test.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { big, num, ownedByTeam, pctOrNull, roundHalfAway, weighted } from '../support/sql.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import { RecordingDeliverer } from '../../src/jobs/deliverers.js';
import type { Deliverer, DeliveryTarget } from '../../src/jobs/job.js';
import { managerDigest } from '../../src/jobs/digest.js';
import { repNudge } from '../../src/jobs/nudge.js';
import { JOBS } from '../../src/jobs/registry.js';
import { createMember } from '../../src/store/members.js';
import { addDays, zonedTimeToUtc, type CalendarDate } from '../../src/domain/calendar.js';
import { actionsOf, type Block, type Screen } from '../../src/views/screen.js';
import { renderText } from '../../src/views/render/text.js';
import { renderMessage } from '../../src/views/render/block-kit.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { t } from '../../src/i18n/index.js';
import { logger } from '../../src/logger.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const SEEDED_AT = new Date('2026-10-29T18:00:00Z');
const FIRST_DAY: CalendarDate = '2026-10-30'; // a Friday
const LAST_DAY: CalendarDate = '2026-11-06'; // the next Friday
const ZONES = ['America/New_York', 'Asia/Shanghai', 'Europe/London', 'Europe/Stockholm'];
const WEEKDAYS: CalendarDate[] = ['2026-10-30', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
const OPEN = ['lead', 'qualified', 'needs_analysis', 'proposal', 'negotiation'];
/** Fiscal Q4 2026: won deals count by their close date (the day won, in the owner's zone), first and last day inclusive. */
const Q4 = { closeFrom: new Date('2026-10-01T00:00:00Z'), closeTo: new Date('2026-12-31T00:00:00Z'), key: '2026-Q4' };

// ---------------------------------------------------------------------------------------------
// Reading numbers back (the arithmetic on what SQL returns is in ../support/sql.ts)

/** "$1,234.50" → 123450 (USD only; compact amounts are refused). */
function minor(text: string): number {
  const match = /^\$(\d{1,3}(?:,\d{3})*)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`not a full USD amount: "${text}"`);
  return Number(`${match[1]!.replace(/,/g, '')}${match[2]}`);
}
function percentValue(text: string): number | null {
  if (text === '—') return null;
  const match = /^(\d{1,3}(?:,\d{3})*(?:\.\d)?)%/.exec(text);
  if (!match) throw new Error(`not a percentage: "${text}"`);
  return Number(match[1]!.replace(/,/g, ''));
}
function dealCount(text: string): number {
  const match = /^(\d+) deals?\b/.exec(text);
  if (!match) throw new Error(`not a number of deals: "${text}"`);
  return Number(match[1]);
}

type Table = Extract<Block, { type: 'table' }>;
const screenTitled = (screens: readonly Screen[], prefix: string): Screen => {
  const found = screens.find((s) => s.title.startsWith(prefix));
  if (!found) throw new Error(`no screen "${prefix}…" among ${screens.map((s) => s.title).join(' | ')}`);
  return found;
};
const tableOf = (screen: Screen): Table => screen.blocks.find((b): b is Table => b.type === 'table') ?? expect.unreachable('no table');
const fieldsOf = (screen: Screen): Map<string, string> =>
  new Map(screen.blocks.flatMap((b) => (b.type === 'fields' ? b.fields.map((f) => [f.label, f.value] as const) : [])));
const field = (fields: Map<string, string>, label: string): string => fields.get(label) ?? expect.unreachable(`no field ${label}`);

// ---------------------------------------------------------------------------------------------

type Delivery = { target: DeliveryTarget; screens: Screen[]; tick: Date };

/** Every instant the scheduler ticks: each 4 minutes from 20 before to 20 after 08:30 in each zone, plus random ones. */
function ticksOfTheWeek(): Date[] {
  const ticks = new Set<number>();
  for (let date = FIRST_DAY; date <= LAST_DAY; date = addDays(date, 1)) {
    for (const zone of ZONES) {
      const slot = zonedTimeToUtc(date, '08:30', zone).getTime();
      for (let k = -5; k <= 5; k++) ticks.add(slot + k * 4 * MINUTE);
    }
  }
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const from = zonedTimeToUtc(FIRST_DAY, '00:00', 'UTC').getTime();
  for (let i = 0; i < 40; i++) ticks.add(from + Math.floor(random() * 8 * 24 * 60) * MINUTE);
  return [...ticks].sort((a, b) => a - b).map((ms) => new Date(ms));
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`manager digests and rep nudges on ${provider}`, () => {
    let demo: DemoWorkspace;
    // Set once the workspace exists, so a failed set-up still removes what it made.
    let cleanup: (() => Promise<void>) | undefined;
    const deliveries: Delivery[] = [];
    let tickAt = new Date(0);
    const recorder: Deliverer = {
      deliver: (target, screens) => {
        deliveries.push({ target, screens, tick: tickAt });
        return Promise.resolve();
      },
    };
    const ids = new Map<string, string>();
    const id = (handle: string): string => ids.get(handle) ?? expect.unreachable(`no @${handle}`);
    let naTeamId = '';
    const refs: Record<'moved' | 'won' | 'lost' | 'amount' | 'closeDate', string> = {
      moved: '',
      won: '',
      lost: '',
      amount: '',
      closeDate: '',
    };

    const tick = (now: Date) => {
      tickAt = now;
      return runDueJobs({ db: demo.db, now, jobs: [managerDigest, repNudge], deliver: recorder, claimedBy: `test-${provider}`, logger });
    };
    const toMember = (handle: string) => deliveries.filter((d) => d.target.memberId === id(handle));
    const slotsOf = async (job: string, handle: string) =>
      (await demo.db.scheduleSlot.findMany({ where: { job, recipientKey: `member:${id(handle)}` }, orderBy: { slotAt: 'asc' } })).map(
        (s) => ({ at: s.slotAt.toISOString(), status: s.status, late: s.late }),
      );

    beforeAll(async () => {
      demo = await demoWorkspace(provider, SEEDED_AT);
      cleanup = () => demo.cleanup();
      const db = demo.db;
      for (const m of await db.member.findMany({ where: { workspaceId: demo.workspaceId }, select: { id: true, handle: true } }))
        ids.set(m.handle, m.id);
      const na = await db.team.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, name: 'North America' } });
      naTeamId = na.id;
      await db.team.update({ where: { id: na.id }, data: { digestTarget: 'shell:#na-sales' } });
      // A manager who opted out, with her own team in another zone; two more reps in North America.
      const olga = await createMember(db, demo.workspaceId, {
        name: 'Olga Berg',
        handle: 'olga',
        role: 'manager',
        timeZone: 'Europe/Stockholm',
      });
      const nordics = await db.team.create({
        data: { workspaceId: demo.workspaceId, name: 'Nordics', nameKey: 'nordics', timeZone: 'Europe/Stockholm', managerId: olga },
      });
      await db.member.update({ where: { id: olga }, data: { teamId: nordics.id, digestOptOut: true } });
      ids.set('olga', olga);
      for (const [name, handle] of [
        ['Zoe Park', 'zoe'],
        ['Quinn Ross', 'quinn'],
      ] as const) {
        ids.set(handle, await createMember(db, demo.workspaceId, { name, handle, teamId: na.id, managerId: id('mike') }));
      }
      // Zoe's only deal has a next step due on Wednesday; Quinn has no deals at all.
      const zoeDeal = /Created (D-\d+)/.exec((await demo.run('/deal new Zephyr Co 12k qualified', 'zoe')).text)?.[1];
      await demo.run(`/deal update ${zoeDeal} next "Send pricing" 2026-11-04`, 'zoe');
      // A discount request waiting for Mike all week.
      const discounted = /Created (D-\d+)/.exec((await demo.run('/deal new Reminder Co 100k proposal', 'alice')).text)?.[1];
      await demo.run(`/deal discount ${discounted} 15% waiting game`, 'alice');

      const openOf = async (handle: string) =>
        (
          await db.deal.findMany({
            where: {
              workspaceId: demo.workspaceId,
              ownerId: id(handle),
              stage: { in: OPEN.slice(0, 4) },
              currency: 'USD',
              number: { not: Number(discounted?.slice(2)) },
            },
            orderBy: { number: 'asc' },
            select: { number: true },
          })
        ).map((d) => `D-${d.number}`);
      const [alice1, alice2] = await openOf('alice');
      [refs.moved, refs.won, refs.lost, refs.amount, refs.closeDate] = [
        alice1!,
        alice2!,
        (await openOf('brian'))[0]!,
        (await openOf('david'))[0]!,
        (await openOf('carmen'))[0]!,
      ];
      const actions: { at: Date; run: () => Promise<unknown> }[] = [
        // Saturday: shows in Monday's digest, whose changes start at Friday's slot.
        {
          at: new Date('2026-10-31T15:00:00Z'),
          run: () => demo.run(`/deal move ${refs.moved} negotiation`, 'alice', new Date('2026-10-31T15:00:00Z')),
        },
        // Thursday afternoon in New York: in Friday's digest.
        ...(
          [
            [`/deal move ${refs.won} won`, 'alice'],
            [`/deal move ${refs.lost} lost Budget cut`, 'brian'],
            ['/deal new Zenith Labs 42k proposal', 'carmen'],
            [`/deal update ${refs.amount} amount 61k`, 'david'],
            [`/deal update ${refs.closeDate} close 2026-12-20`, 'carmen'],
          ] as const
        ).map(([line, handle], i) => {
          const at = new Date(Date.parse('2026-11-05T15:00:00Z') + i * MINUTE);
          return { at, run: () => demo.run(line, handle, at) };
        }),
      ];
      for (const now of ticksOfTheWeek()) {
        while (actions[0] && actions[0].at <= now) {
          const result = (await actions.shift()!.run()) as { error?: unknown };
          expect(result.error).toBeUndefined();
        }
        await tick(now);
      }
    }, 120_000);
    afterAll(() => cleanup?.());

    it('registers both jobs', () => {
      expect(JOBS.map((job) => job.name)).toEqual(
        expect.arrayContaining(['approval.remind', 'approval.escalate', 'digest.manager', 'nudge.rep']),
      );
    });

    it('sends each manager exactly one digest per weekday at 08:30 in the team zone, following New York across the DST change', async () => {
      const expected: Record<string, string[]> = {
        // EDT (UTC−4) on Friday; EST (UTC−5) from Monday, after the fall-back on Sunday.
        mike: ['2026-10-30T12:30:00.000Z', ...WEEKDAYS.slice(1).map((d) => `${d}T13:30:00.000Z`)],
        'jing.chen': WEEKDAYS.map((d) => `${d}T00:30:00.000Z`),
        sophie: WEEKDAYS.map((d) => `${d}T08:30:00.000Z`),
      };
      for (const [handle, instants] of Object.entries(expected)) {
        expect(await slotsOf('digest.manager', handle)).toEqual(instants.map((at) => ({ at, status: 'done', late: false })));
        const received = toMember(handle);
        expect(received.map((d) => d.tick.toISOString())).toEqual(instants);
      }
      const titles = toMember('mike').map((d) => d.screens[0]!.title);
      expect(titles).toEqual(
        [
          'Friday, Oct 30, 2026',
          'Monday, Nov 2, 2026',
          'Tuesday, Nov 3, 2026',
          'Wednesday, Nov 4, 2026',
          'Thursday, Nov 5, 2026',
          'Friday, Nov 6, 2026',
        ].map((date) => `Daily digest · North America · ${date}`),
      );
    });

    it('adds the weekly summary on Mondays only', () => {
      for (const handle of ['mike', 'jing.chen', 'sophie']) {
        const weekly = toMember(handle).map((d) =>
          d.screens.some((s) => s.title.startsWith('Weekly summary') || s.title.startsWith('每周总结')),
        );
        expect(weekly).toEqual([false, true, false, false, false, false]);
      }
    });

    it('copies the digest to the team channel, without the personal parts', () => {
      const channel = deliveries.filter((d) => d.target.teamId === naTeamId);
      expect(channel.map((d) => d.tick.toISOString())).toEqual(toMember('mike').map((d) => d.tick.toISOString()));
      for (const d of channel) {
        const text = d.screens.map(renderText).join('\n');
        expect(text).not.toContain('Good morning');
        expect(text).not.toContain('Approvals waiting for you');
      }
      expect(toMember('mike').every((d) => d.screens.some((s) => s.title === 'Approvals waiting for you'))).toBe(true);
    });

    it('sends nothing to a manager who opted out', async () => {
      expect(toMember('olga')).toEqual([]);
      expect(await slotsOf('digest.manager', 'olga')).toEqual([]);
    });

    it('nudges a rep only on weekdays when something is due, with the deal card buttons', async () => {
      expect(toMember('quinn')).toEqual([]);
      expect((await slotsOf('nudge.rep', 'quinn')).map((s) => s.status)).toEqual(WEEKDAYS.map(() => 'done'));
      // Due on Wednesday, overdue after that.
      const zoe = toMember('zoe');
      expect(zoe.map((d) => d.tick.toISOString())).toEqual([
        '2026-11-04T13:30:00.000Z',
        '2026-11-05T13:30:00.000Z',
        '2026-11-06T13:30:00.000Z',
      ]);
      expect(zoe.map((d) => d.screens.map((s) => s.title))).toEqual([
        ['Next steps due today'],
        ['Overdue next steps'],
        ['Overdue next steps'],
      ]);
      expect(renderText(zoe[0]!.screens[0]!)).toContain('Zephyr Co — Next: Send pricing');
      expect(actionsOf(zoe[0]!.screens[0]!).map((a) => a.id)).toEqual(['deal.show', 'deal.note', 'deal.move']);
      // Every nudge has something in it, and each goes out at 08:30 of a local weekday, never a weekend.
      const weekdaySlots = new Set(WEEKDAYS.flatMap((date) => ZONES.map((zone) => zonedTimeToUtc(date, '08:30', zone).getTime())));
      const nudges = deliveries.filter((d) => d.screens[0]?.kind === 'deal_list' && d.target.memberId);
      expect(nudges.length).toBeGreaterThan(12);
      for (const d of nudges) {
        expect(actionsOf(d.screens[0]!).length).toBeGreaterThanOrEqual(3);
        expect(weekdaySlots.has(d.tick.getTime())).toBe(true);
      }
    });

    it('writes to jing.chen in Chinese', () => {
      const text = toMember('jing.chen')[1]!.screens.map(renderText).join('\n');
      expect(text).toContain('每日简报 · East China · 2026年11月2日 星期一');
      expect(text).toContain('销售管道 · East China');
      expect(text).toContain('每周总结');
      expect(text).not.toMatch(/Daily digest|Pipeline|Slipping/);
    });

    it('keeps every message within Slack limits', () => {
      for (const d of deliveries) {
        for (const screen of d.screens)
          expect(checkBlockKitLimits(renderMessage(screen, { moreText: (n) => t('en', 'list.more', { count: n }) }))).toEqual([]);
      }
    });

    it("shows figures that equal plain SQL: Friday's pipeline, slipping, stale, changes and quota", async () => {
      const friday = toMember('mike').at(-1)!;
      const at = new Date('2026-11-06T13:30:00Z');
      const since = new Date('2026-11-05T13:30:00Z');
      const ws = demo.workspaceId;
      const owned = ownedByTeam(naTeamId);

      const stages = await demo.db.$queryRaw<{ key: string; nameEn: string; probability: unknown }[]>`
        SELECT "key", "nameEn", "probability" FROM "Stage" WHERE "workspaceId" = ${ws} AND "kind" = 'open' ORDER BY "position"`;
      const pipeline = await demo.db.$queryRaw<{ stage: string; n: unknown; total: unknown }[]>`
        SELECT d."stage" AS "stage", COUNT(*) AS "n", SUM(d."amountMinor") AS "total" FROM "Deal" d
        WHERE d."workspaceId" = ${ws} AND d."currency" = 'USD' ${owned} GROUP BY d."stage"`;
      const table = tableOf(screenTitled(friday.screens, 'Pipeline · North America'));
      expect(table.rows).toHaveLength(stages.length);
      stages.forEach((stage, i) => {
        const row = pipeline.find((r) => r.stage === stage.key);
        const [count, total] = [num(row?.n), num(row?.total)];
        const shown = table.rows[i]!;
        expect(shown[0]).toBe(`${stage.nameEn} ${num(stage.probability)}%`);
        expect([Number(shown[1]), minor(shown[2]!), minor(shown[3]!)]).toEqual([count, total, weighted(total, num(stage.probability))]);
      });

      const [attention] = await demo.db.$queryRaw<{ slipping: unknown; stale: unknown }[]>`
        SELECT SUM(CASE WHEN d."closeDate" < ${new Date('2026-11-06T00:00:00Z')} THEN 1 ELSE 0 END) AS "slipping",
               SUM(CASE WHEN d."lastActivityAt" < ${new Date(at.getTime() - 14 * DAY)} THEN 1 ELSE 0 END) AS "stale"
        FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
        WHERE d."workspaceId" = ${ws} AND s."kind" = 'open' ${owned}`;
      const overview = fieldsOf(friday.screens[0]!);
      expect(dealCount(field(overview, 'Slipping'))).toBe(num(attention?.slipping));
      expect(dealCount(field(overview, 'Stale'))).toBe(num(attention?.stale));
      expect(num(attention?.slipping)).toBeGreaterThan(0);
      expect(num(attention?.stale)).toBeGreaterThan(0);

      const closed = await demo.db.$queryRaw<{ kind: string; n: unknown; total: unknown }[]>`
        SELECT s."kind" AS "kind", COUNT(*) AS "n", SUM(e."amountMinor") AS "total"
        FROM "DealEvent" e JOIN "Deal" d ON d."id" = e."dealId" JOIN "Stage" s ON s."workspaceId" = e."workspaceId" AND s."key" = e."toStage"
        WHERE e."workspaceId" = ${ws} AND e."type" = 'stage_changed' AND s."kind" IN ('won', 'lost') AND e."currency" = 'USD'
          AND e."at" > ${since} AND e."at" <= ${at} ${owned}
        GROUP BY s."kind"`;
      const changes = screenTitled(friday.screens, 'Changes since Thu, Nov 5');
      const changeFields = fieldsOf(changes);
      for (const kind of ['won', 'lost'] as const) {
        const row = closed.find((r) => r.kind === kind);
        expect(num(row?.n)).toBe(1);
        expect(field(changeFields, kind === 'won' ? 'Won' : 'Lost')).toBe(
          `1 deal · ${new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(num(row?.total) / 100)}`,
        );
      }
      const text = renderText(changes);
      for (const line of [
        `Won: ${refs.won}`,
        `Lost: ${refs.lost}`,
        'Budget cut',
        'New: D-',
        `Amount: ${refs.amount}`,
        `Close date: ${refs.closeDate}`,
        'Dec 20, 2026',
      ])
        expect(text).toContain(line);
      expect(text).not.toContain(refs.moved);

      const quotaTable = tableOf(screenTitled(friday.screens, 'Quota · North America · Q4 2026'));
      const reps = await demo.db.$queryRaw<{ id: string; name: string }[]>`
        SELECT m."id", m."name" FROM "Member" m WHERE m."teamId" = ${naTeamId} AND m."active" = TRUE AND m."id" <> ${id('mike')}`;
      expect(quotaTable.rows).toHaveLength(reps.length);
      for (const rep of reps) {
        const [quota] = await demo.db.$queryRaw<{ amountMinor: unknown }[]>`
          SELECT "amountMinor" FROM "Quota" WHERE "workspaceId" = ${ws} AND "scopeKey" = ${`member:${rep.id}`} AND "periodKey" = ${Q4.key} AND "currency" = 'USD'`;
        const [won] = await demo.db.$queryRaw<{ total: unknown }[]>`
          SELECT SUM(d."amountMinor") AS "total" FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
          WHERE d."workspaceId" = ${ws} AND s."kind" = 'won' AND d."currency" = 'USD' AND d."ownerId" = ${rep.id}
            AND d."closeDate" >= ${Q4.closeFrom} AND d."closeDate" <= ${Q4.closeTo}`;
        const row = quotaTable.rows.find((r) => r[0] === rep.name) ?? expect.unreachable(`no quota row for ${rep.name}`);
        expect(percentValue(row[3]!)).toBe(quota ? pctOrNull(num(won?.total), num(quota.amountMinor)) : null);
      }
    });

    it("shows Monday's weekly win rate and average deal size as plain SQL computes them, and the weekend's changes", async () => {
      const monday = toMember('mike')[1]!;
      // Monday 2026-11-02 08:30 in New York: the 90 days that end that day, by close date.
      const rows = await demo.db.$queryRaw<{ kind: string; currency: string; n: unknown; total: unknown }[]>`
        SELECT s."kind" AS "kind", d."currency" AS "currency", COUNT(*) AS "n", SUM(d."amountMinor") AS "total"
        FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
        WHERE d."workspaceId" = ${demo.workspaceId} AND s."kind" IN ('won', 'lost')
          AND d."closeDate" >= ${new Date('2026-08-05T00:00:00Z')} AND d."closeDate" <= ${new Date('2026-11-02T00:00:00Z')} ${ownedByTeam(naTeamId)}
        GROUP BY s."kind", d."currency"`;
      const count = (kind: string) => rows.filter((r) => r.kind === kind).reduce((n, r) => n + num(r.n), 0);
      const [won, lost] = [count('won'), count('lost')];
      const usd = rows.find((r) => r.kind === 'won' && r.currency === 'USD');
      expect(won).toBeGreaterThan(0);
      const fields = fieldsOf(screenTitled(monday.screens, 'Weekly summary · North America · last 90 days'));
      expect(field(fields, 'Win rate')).toBe(`${pctOrNull(won, won + lost)}% (${won} won, ${lost} lost)`);
      expect(minor(field(fields, 'Average won deal'))).toBe(Number(roundHalfAway(big(usd?.total), big(usd?.n))));
      // Saturday's move falls between Friday's slot and Monday's.
      expect(renderText(screenTitled(monday.screens, 'Changes since Fri, Oct 30'))).toContain(`Moved: ${refs.moved}`);
    });

    it('builds a digest in a bounded number of queries', async () => {
      let queries = 0;
      const counting = demo.db.$extends({
        query: {
          async $allOperations({ args, query }): Promise<unknown> {
            queries++;
            return query(args);
          },
        },
      }) as unknown as Db;
      const now = new Date('2026-11-02T13:30:00Z');
      const slot =
        (await managerDigest.dueSlots({ db: demo.db, now })).find((s) => s.recipientKey === `member:${id('mike')}`) ??
        expect.unreachable('no slot');
      await managerDigest.run({ ...slot, late: false }, { db: counting, now, deliver: new RecordingDeliverer(), logger, attempt: 1 });
      // 21, and one grouped statement for the overview's line per channel (won this quarter and open, #15 point 4).
      expect(queries).toBeLessThanOrEqual(22);
    });

    it("reads what a workspace's digests share once per tick, and each digest is the one it would be alone", async () => {
      const reads = new Map<string, number>();
      let peopleLists = 0;
      const counting = demo.db.$extends({
        query: {
          async $allOperations({ args, query, model, operation }): Promise<unknown> {
            const key = `${model ?? ''}.${operation}`;
            reads.set(key, (reads.get(key) ?? 0) + 1);
            // A list of people (the workspace's, or a team's), not people by id (names read within the workspace).
            const where = (args as { where?: object }).where ?? {};
            if (key === 'Member.findMany' && 'workspaceId' in where && !('id' in where)) peopleLists++;
            return query(args);
          },
        },
      }) as unknown as Db;
      // Monday's slots in London (08:30 UTC), New York (13:30 UTC) and Shanghai (00:30 UTC), run as one
      // tick would run them had they been due together: with the first tick's share of the workspace.
      const ticks = ['2026-11-02T08:30:00Z', '2026-11-02T13:30:00Z', '2026-11-02T00:30:00Z'].map((at) => new Date(at));
      const ticked = await Promise.all(ticks.map(async (now) => ({ now, slots: await managerDigest.dueSlots({ db: demo.db, now }) })));
      const share = ticked[0]!.slots[0]!.payload?.workspaces ?? expect.unreachable('no London slot');
      const together = new RecordingDeliverer();
      let slots = 0;
      for (const { now, slots: due } of ticked)
        for (const slot of due) {
          slots++;
          const payload = slot.payload ?? expect.unreachable('no payload');
          await managerDigest.run(
            { ...slot, payload: { ...payload, workspaces: share }, late: false },
            { db: counting, now, deliver: together, logger, attempt: 1 },
          );
        }
      expect(slots).toBeGreaterThanOrEqual(3);
      for (const shared of ['Workspace.findUnique', 'DiscountRequest.findMany', 'Team.findMany']) expect(reads.get(shared), shared).toBe(1);
      // Everyone is read once for all the teams, not each team's people apart.
      expect(peopleLists).toBe(1);
      // The exchange rates come with the workspace's settings (its Workspace.findUnique).
      expect(reads.get('ExchangeRate.findMany')).toBeUndefined();
      // Each manager is still read (their name, language and zone), once.
      expect(reads.get('Member.findFirst')).toBe(slots);
      // The same messages as each slot built on its own tick.
      const alone = new RecordingDeliverer();
      for (const { now, slots: due } of ticked)
        for (const slot of due) await managerDigest.run({ ...slot, late: false }, { db: demo.db, now, deliver: alone, logger, attempt: 1 });
      expect(together.deliveries.length).toBeGreaterThanOrEqual(slots);
      const texts = (deliverer: RecordingDeliverer) =>
        deliverer.deliveries.map((d) => ({ target: d.target, text: d.screens.map(renderText) }));
      expect(texts(together)).toEqual(texts(alone));
    });

    it('prints the digest for /dealdesk digest now, and a rep their nudge', async () => {
      const at = new Date('2026-11-06T16:00:00Z');
      const mike = await demo.run('/dealdesk digest now', 'mike', at);
      expect(mike.error).toBeUndefined();
      for (const line of [
        'Daily digest · North America · Friday, Nov 6, 2026',
        'Good morning, Mike Johnson',
        'Pipeline · North America',
        'Changes since Fri, Nov 6',
        'Quota · North America',
        'Approvals waiting for you',
      ])
        expect(mike.text).toContain(line);
      expect((await demo.run('/dealdesk digest now', 'zoe', at)).text).toContain('Overdue next steps');
      expect((await demo.run('/dealdesk digest now', 'quinn', at)).text).toContain('No nudge this morning');
      expect((await demo.run('/dealdesk digest now', 'dana', at)).text).toContain('Daily digest · Demo workspace');
      expect((await demo.run('/dealdesk digest later', 'mike', at)).error?.code).toBe('digest.when_invalid');
    });

    it('delivers a digest missed while down late, marked, within the catch-up window, and skips the older ones', async () => {
      // Down from Friday evening until Monday 2026-11-09 16:00 UTC: New York's 08:30 (13:30 UTC) is 150
      // minutes old, within the 240-minute window; London's (08:30 UTC) and Shanghai's (00:30 UTC) are not.
      const before = deliveries.length;
      await tick(new Date('2026-11-09T16:00:00Z'));
      await tick(new Date('2026-11-09T16:04:00Z'));
      const late = deliveries.slice(before).filter((d) => d.target.memberId === id('mike'));
      expect(late).toHaveLength(1);
      expect(renderText(late[0]!.screens[0]!)).toContain('Sent late: this digest was due at Mon, Nov 9, 08:30 AM');
      expect((await slotsOf('digest.manager', 'mike')).at(-1)).toEqual({ at: '2026-11-09T13:30:00.000Z', status: 'done', late: true });
      for (const handle of ['jing.chen', 'sophie']) {
        expect(deliveries.slice(before).filter((d) => d.target.memberId === id(handle))).toEqual([]);
        expect((await slotsOf('digest.manager', handle)).at(-1)?.at).toBe(
          '2026-11-06T' + (handle === 'sophie' ? '08:30' : '00:30') + ':00.000Z',
        );
      }
    });
  });
}
