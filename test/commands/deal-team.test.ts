// Issue #11, rule 1: a deal belongs to the team it was sold in. Deactivating its owner changes no
// history: /pipeline team, /quota team, /forecast team and the manager digest still count the deal,
// every figure equals plain SQL over "Deal"."teamId", and the teams plus the deals sold in no team add
// up to the workspace. A deal handed to someone in another team moves there. The migration that adds
// the column gives each existing deal its owner's team.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { createDb } from '../../src/store/db.js';
import { applyMigrations, migrationsDir } from '../../src/store/migrations.js';
import { quotaReport } from '../../src/commands/reports.js';
import { resolveScope } from '../../src/commands/scope.js';
import { parsePeriod } from '../../src/domain/calendar.js';
import { ALL_PROVIDERS, describeOn, emptyDatabaseUrl } from '../support/databases.js';
import { createdDealRef, demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { num } from '../support/sql.js';

/** Fiscal Q4 2026 as stored calendar dates (UTC midnight), both ends inclusive. */
const Q4 = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') };
const NORTH_AMERICA = 'North America';
const PARTNERS = 'Partners & Channel';

/** "$1,448,300.00" → 144830000. */
function minor(text: string): number {
  const match = /^\$(\d{1,3}(?:,\d{3})*)\.(\d{2})$/.exec(text);
  if (!match) throw new Error(`not a dollar amount: "${text}"`);
  return Number(`${match[1]!.replace(/,/g, '')}${match[2]}`);
}

function matchIn(text: string, pattern: RegExp): RegExpExecArray {
  const match = pattern.exec(text);
  if (!match) throw new Error(`${pattern} not found in:\n${text}`);
  return match;
}

/** The "Total" row of a pipeline screen: deals and dollars. */
function pipelineTotal(text: string): { count: number; sumMinor: number } {
  const match = matchIn(text, /^Total\s+([\d,]+)\s+(\$[\d,]+\.\d{2})/m);
  return { count: Number(match[1]!.replace(/,/g, '')), sumMinor: minor(match[2]!) };
}

/** The "Closed won" and "Open pipeline closing in period" fields of a quota screen. */
function quotaFigures(text: string): { wonMinor: number; wonCount: number; openMinor: number } {
  const won = matchIn(text, /^Closed won\s+(\$[\d,]+\.\d{2}) \((\d+) deals?\)/m);
  const open = matchIn(text, /^Open pipeline closing in period\s+(\$[\d,]+\.\d{2})/m);
  return { wonMinor: minor(won[1]!), wonCount: Number(won[2]), openMinor: minor(open[1]!) };
}

/** The "Closed won" row of a forecast screen. */
function forecastWon(text: string): { count: number; sumMinor: number } {
  const match = matchIn(text, /^Closed won\s+(\d+)\s+(\$[\d,]+\.\d{2})/m);
  return { count: Number(match[1]), sumMinor: minor(match[2]!) };
}

type Sold = { kind: 'team'; teamId: string } | { kind: 'no team' } | { kind: 'all' } | { kind: 'owner'; ownerId: string };

function soldIn(sold: Sold): Prisma.Sql {
  if (sold.kind === 'team') return Prisma.sql`AND d."teamId" = ${sold.teamId}`;
  if (sold.kind === 'no team') return Prisma.sql`AND d."teamId" IS NULL`;
  if (sold.kind === 'owner') return Prisma.sql`AND d."ownerId" = ${sold.ownerId}`;
  return Prisma.empty;
}

/** Plain SQL over the deals, in dollars (the workspace's currency). */
class DealSql {
  constructor(readonly demo: DemoWorkspace) {}

  private async sum(where: Prisma.Sql): Promise<{ count: number; sumMinor: number }> {
    const ws = this.demo.workspaceId;
    const [row] = await this.demo.db.$queryRaw<{ n: unknown; s: unknown }[]>`
      SELECT COUNT(*) AS n, COALESCE(SUM(d."amountMinor"), 0) AS s FROM "Deal" d
      WHERE d."workspaceId" = ${ws} AND d."currency" = 'USD' ${where}`;
    return { count: num(row?.n), sumMinor: num(row?.s) };
  }

  private stagesOf(kind: 'open' | 'won'): Prisma.Sql {
    return Prisma.sql`d."stage" IN (SELECT s."key" FROM "Stage" s WHERE s."workspaceId" = ${this.demo.workspaceId} AND s."kind" = ${kind})`;
  }

  /** Every open deal. */
  open(sold: Sold) {
    return this.sum(Prisma.sql`AND ${this.stagesOf('open')} ${soldIn(sold)}`);
  }

  /** How many open deals, in any currency. */
  async openCount(sold: Sold): Promise<number> {
    const [row] = await this.demo.db.$queryRaw<{ n: unknown }[]>`
      SELECT COUNT(*) AS n FROM "Deal" d WHERE d."workspaceId" = ${this.demo.workspaceId} AND ${this.stagesOf('open')} ${soldIn(sold)}`;
    return num(row?.n);
  }

  /** Won with a close date in Q4. */
  wonInQ4(sold: Sold) {
    return this.sum(Prisma.sql`AND ${this.stagesOf('won')} AND d."closeDate" >= ${Q4.from} AND d."closeDate" <= ${Q4.to} ${soldIn(sold)}`);
  }

  /** Open, not omitted, expected to close in Q4. */
  openClosingInQ4(sold: Sold) {
    return this.sum(
      Prisma.sql`AND ${this.stagesOf('open')} AND d."forecastCategory" <> 'omit'
                 AND d."closeDate" >= ${Q4.from} AND d."closeDate" <= ${Q4.to} ${soldIn(sold)}`,
    );
  }

  async teamId(name: string): Promise<string> {
    const [row] = await this.demo.db.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Team" WHERE "workspaceId" = ${this.demo.workspaceId} AND "name" = ${name}`;
    if (!row) throw new Error(`no team ${name}`);
    return row.id;
  }

  async memberId(handle: string): Promise<string> {
    const [row] = await this.demo.db.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Member" WHERE "workspaceId" = ${this.demo.workspaceId} AND "handle" = ${handle}`;
    if (!row) throw new Error(`no member @${handle}`);
    return row.id;
  }
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`deals stay with the team they were sold in (${provider})`, () => {
    let demo: DemoWorkspace;
    let sql: DealSql;
    let northAmerica: string;
    let carmen: string;
    const before = new Map<string, string>();
    const teamReports = [`/pipeline team ${NORTH_AMERICA}`, `/quota team ${NORTH_AMERICA}`, `/forecast team ${NORTH_AMERICA}`];

    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      sql = new DealSql(demo);
      northAmerica = await sql.teamId(NORTH_AMERICA);
      carmen = await sql.memberId('carmen');
      // Won deals close at noon UTC of their close date: the same day in every zone, so the day a win
      // counts on does not depend on whether a report reads the close date or the close instant.
      const won = await demo.db.deal.findMany({
        where: { workspaceId: demo.workspaceId, closedAt: { not: null } },
        select: { id: true, closeDate: true },
      });
      await demo.db.$transaction(
        won.flatMap((deal) =>
          deal.closeDate
            ? [demo.db.deal.update({ where: { id: deal.id }, data: { closedAt: new Date(deal.closeDate.getTime() + 12 * 3_600_000) } })]
            : [],
        ),
      );
      // A deal sold by the admin, who is in no team.
      await demo.run('/deal new Teamless Traders 12345', 'dana');
      for (const line of [...teamReports, '/dealdesk digest now']) before.set(line, (await demo.run(line, 'mike')).text);
      await demo.db.member.update({ where: { id: carmen }, data: { active: false } });
    }, 120_000);
    afterAll(() => demo.cleanup());

    it('the deactivated rep really had open deals and Q4 wins in the team', async () => {
      expect((await sql.open({ kind: 'owner', ownerId: carmen })).count).toBeGreaterThan(0);
      expect((await sql.wonInQ4({ kind: 'owner', ownerId: carmen })).count).toBeGreaterThan(0);
      expect((await sql.openClosingInQ4({ kind: 'owner', ownerId: carmen })).count).toBeGreaterThan(0);
    });

    it("/pipeline team still counts a deactivated rep's open deals", async () => {
      const { text } = await demo.run(`/pipeline team ${NORTH_AMERICA}`, 'mike');
      expect(pipelineTotal(text)).toEqual(await sql.open({ kind: 'team', teamId: northAmerica }));
      expect(text).toBe(before.get(`/pipeline team ${NORTH_AMERICA}`));
    });

    it("/deal list team still lists a deactivated rep's open deals", async () => {
      const { text } = await demo.run(`/deal list team ${NORTH_AMERICA}`, 'mike');
      const total = Number(matchIn(text, /\d+–\d+ of (\d+) · page/)[1]);
      expect(total).toBe(await sql.openCount({ kind: 'team', teamId: northAmerica }));
      const carmensOpen = await sql.openCount({ kind: 'owner', ownerId: carmen });
      const active = await demo.db.member.findMany({ where: { teamId: northAmerica, active: true }, select: { id: true } });
      let byActiveOwners = 0;
      for (const member of active) byActiveOwners += await sql.openCount({ kind: 'owner', ownerId: member.id });
      expect(total).toBe(byActiveOwners + carmensOpen);
    });

    it('/quota team keeps their wins and open coverage, on a row marked inactive, and the rows add up', async () => {
      const { text } = await demo.run(`/quota team ${NORTH_AMERICA}`, 'mike');
      const won = await sql.wonInQ4({ kind: 'team', teamId: northAmerica });
      const open = await sql.openClosingInQ4({ kind: 'team', teamId: northAmerica });
      expect(quotaFigures(text)).toEqual({ wonMinor: won.sumMinor, wonCount: won.count, openMinor: open.sumMinor });
      expect(quotaFigures(text)).toEqual(quotaFigures(before.get(`/quota team ${NORTH_AMERICA}`) ?? ''));
      expect(text).toMatch(/^Carmen Diaz \(inactive\)\s+\$150K\s+\$137K /m);
      expect(before.get(`/quota team ${NORTH_AMERICA}`)).not.toMatch(/inactive/);

      const ctx = await demo.contextFor('mike');
      const report = await quotaReport(
        ctx,
        await resolveScope(ctx, { kind: 'team', name: NORTH_AMERICA }),
        parsePeriod('2026-Q4', { now: demo.now, timeZone: 'America/New_York', fiscalYearStartMonth: 1 }),
      );
      const sum = (pick: (line: (typeof report.lines)[number]) => number) => report.lines.reduce((n, line) => n + pick(line), 0);
      expect([sum((l) => l.quotaMinor ?? 0), sum((l) => l.wonMinor), sum((l) => l.wonCount), sum((l) => l.openMinor)]).toEqual([
        report.total.quotaMinor,
        report.total.wonMinor,
        report.total.wonCount,
        report.total.openMinor,
      ]);

      // The team's manager reading it in Chinese (a rep reads only their own quota).
      await demo.run('/dealdesk language zh', 'mike');
      const zh = await demo.run(`/quota team ${NORTH_AMERICA}`, 'mike');
      await demo.run('/dealdesk language en', 'mike');
      expect(zh.text).toMatch(/^Carmen Diaz（已停用）/m);
    });

    it('/forecast team still counts their wins', async () => {
      const { text } = await demo.run(`/forecast team ${NORTH_AMERICA}`, 'mike');
      expect(forecastWon(text)).toEqual(await sql.wonInQ4({ kind: 'team', teamId: northAmerica }));
      expect(text).toBe(before.get(`/forecast team ${NORTH_AMERICA}`));
    });

    it('the manager digest still counts them', async () => {
      const { text } = await demo.run('/dealdesk digest now', 'mike');
      const open = await sql.open({ kind: 'team', teamId: northAmerica });
      const overview = matchIn(text, /^Open pipeline\s+(\d+) deals · (\$[\d,]+\.\d{2})/m);
      expect({ count: Number(overview[1]), sumMinor: minor(overview[2]!) }).toEqual(open);
      expect(pipelineTotal(text)).toEqual(open);
      const won = await sql.wonInQ4({ kind: 'team', teamId: northAmerica });
      const closing = await sql.openClosingInQ4({ kind: 'team', teamId: northAmerica });
      expect(quotaFigures(text)).toEqual({ wonMinor: won.sumMinor, wonCount: won.count, openMinor: closing.sumMinor });
      expect(text).toMatch(/^Carmen Diaz \(inactive\) /m);
      // Everything above the quota table reads as it did before the deactivation.
      const head = (digest: string) => digest.slice(0, digest.indexOf(`Quota · ${NORTH_AMERICA}`));
      expect(head(text)).toBe(head(before.get('/dealdesk digest now') ?? ''));
    });

    it('the teams and the deals sold in no team add up to the workspace', async () => {
      const teams = await demo.db.team.findMany({ where: { workspaceId: demo.workspaceId }, select: { id: true, name: true } });
      const noTeam = await sql.open({ kind: 'no team' });
      expect(noTeam.count).toBeGreaterThan(0);
      let count = noTeam.count;
      let sumMinor = noTeam.sumMinor;
      let wonMinor = (await sql.wonInQ4({ kind: 'no team' })).sumMinor;
      for (const team of teams) {
        const pipeline = pipelineTotal((await demo.run(`/pipeline team ${team.name}`, 'dana')).text);
        expect(pipeline).toEqual(await sql.open({ kind: 'team', teamId: team.id }));
        count += pipeline.count;
        sumMinor += pipeline.sumMinor;
        wonMinor += quotaFigures((await demo.run(`/quota team ${team.name}`, 'dana')).text).wonMinor;
      }
      expect(pipelineTotal((await demo.run('/pipeline all', 'dana')).text)).toEqual({ count, sumMinor });
      expect(quotaFigures((await demo.run('/quota all', 'dana')).text).wonMinor).toBe(wonMinor);
    });

    it('a deal handed to someone in another team moves to that team', async () => {
      const partners = await sql.teamId(PARTNERS);
      const ref = createdDealRef((await demo.run('/deal new Handover Holdings 40000', 'alice')).text);
      const number = Number(ref.slice(2));
      const teamOf = async () => {
        const [row] = await demo.db.$queryRaw<{ teamId: string | null }[]>`
          SELECT "teamId" FROM "Deal" WHERE "workspaceId" = ${demo.workspaceId} AND "number" = ${number}`;
        return row?.teamId;
      };
      expect(await teamOf()).toBe(northAmerica);
      const naBefore = pipelineTotal((await demo.run(`/pipeline team ${NORTH_AMERICA}`, 'dana')).text);
      const partnersBefore = pipelineTotal((await demo.run(`/pipeline team ${PARTNERS}`, 'dana')).text);

      await demo.run(`/deal update ${ref} owner @oliver`, 'dana');

      expect(await teamOf()).toBe(partners);
      expect(pipelineTotal((await demo.run(`/pipeline team ${NORTH_AMERICA}`, 'dana')).text)).toEqual({
        count: naBefore.count - 1,
        sumMinor: naBefore.sumMinor - 4_000_000,
      });
      expect(pipelineTotal((await demo.run(`/pipeline team ${PARTNERS}`, 'dana')).text)).toEqual({
        count: partnersBefore.count + 1,
        sumMinor: partnersBefore.sumMinor + 4_000_000,
      });
      const event = await demo.db.dealEvent.findFirst({
        where: { workspaceId: demo.workspaceId, type: 'owner_changed', deal: { number } },
        select: { before: true, after: true },
      });
      expect(event?.before).toMatchObject({ teamId: northAmerica });
      expect(event?.after).toMatchObject({ teamId: partners });
    });
  });

  describeOn(provider)(`the deal-team migration backfills existing deals (${provider})`, () => {
    it("gives each deal its owner's team, a manager's the team they manage, and none to the teamless", async () => {
      const { url, drop } = await emptyDatabaseUrl(provider);
      const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-migrations-'));
      try {
        const source = migrationsDir(provider);
        const all = readdirSync(source).filter((name) => !name.endsWith('.toml'));
        const target = all.find((name) => name.endsWith('_deal_team'));
        if (!target) throw new Error('no deal_team migration');
        cpSync(path.join(source, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
        for (const name of all.filter((n) => n < target)) cpSync(path.join(source, name), path.join(dir, name), { recursive: true });
        await applyMigrations(url, { dir });

        const db = createDb(url);
        try {
          const now = new Date('2026-11-01T00:00:00Z');
          // Rows as DealDesk wrote them before this migration, in plain SQL: today's client knows columns
          // that later migrations add, which this old schema does not have.
          const ws = { id: 'ws-old' };
          const team = { id: 'team-east' };
          const led = { id: 'team-west' };
          const rep = { id: 'member-rep' };
          const boss = { id: 'member-boss' };
          const loner = { id: 'member-loner' };
          const account = { id: 'account-acme' };
          await db.$executeRaw`INSERT INTO "Workspace" ("id", "name", "updatedAt") VALUES (${ws.id}, 'Old data', ${now})`;
          for (const [id, name] of [
            [team.id, 'East'],
            [led.id, 'West'],
          ] as const) {
            await db.$executeRaw`INSERT INTO "Team" ("id", "workspaceId", "name", "nameKey", "updatedAt") VALUES (${id}, ${ws.id}, ${name}, ${name.toLowerCase()}, ${now})`;
          }
          for (const [id, name, role, teamId] of [
            [rep.id, 'Rep', 'rep', team.id],
            [boss.id, 'Boss', 'manager', null],
            [loner.id, 'Loner', 'rep', null],
          ] as const) {
            await db.$executeRaw`
              INSERT INTO "Member" ("id", "workspaceId", "name", "handle", "role", "teamId", "updatedAt")
              VALUES (${id}, ${ws.id}, ${name}, ${name.toLowerCase()}, ${role}, ${teamId}, ${now})`;
          }
          await db.$executeRaw`UPDATE "Team" SET "managerId" = ${boss.id} WHERE "id" = ${led.id}`;
          await db.$executeRaw`INSERT INTO "Account" ("id", "workspaceId", "name", "nameKey", "updatedAt") VALUES (${account.id}, ${ws.id}, 'Acme', 'acme', ${now})`;
          // The old schema has no "teamId": insert as a copy of DealDesk before this migration did.
          for (const [number, owner] of [
            [1, rep.id],
            [2, boss.id],
            [3, loner.id],
          ] as const) {
            await db.$executeRaw`
              INSERT INTO "Deal" ("id", "workspaceId", "number", "title", "searchKey", "accountId", "ownerId", "amountMinor", "currency", "stage", "updatedAt")
              VALUES (${`deal-${number}`}, ${ws.id}, ${number}, 'Old deal', 'old deal acme', ${account.id}, ${owner}, 1000, 'USD', 'lead', ${now})`;
          }
          expect((await applyMigrations(url)).applied).toContain(target);
          const rows = await db.$queryRaw<{ number: unknown; teamId: string | null }[]>`
            SELECT "number", "teamId" FROM "Deal" WHERE "workspaceId" = ${ws.id} ORDER BY "number"`;
          expect(rows.map((row) => [num(row.number), row.teamId])).toEqual([
            [1, team.id],
            [2, led.id],
            [3, null],
          ]);
        } finally {
          await db.$disconnect();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await drop();
      }
    }, 60_000);
  });
}
