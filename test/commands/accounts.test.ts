// /account (客户) and /dealdesk grades on SQLite and PostgreSQL: the account screen's figures against plain
// SQL (two currencies, a deactivated owner), contacts with their checks and who may change them, grades by
// hand against the admin's rule, the nightly job (idempotent), and another workspace's accounts never shown.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import type { Screen } from '../../src/views/screen.js';
import { formFor, submitForm } from '../../src/commands/forms.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import { RecordingDeliverer } from '../../src/jobs/deliverers.js';
import { JOBS } from '../../src/jobs/registry.js';
import { ACCOUNT_GRADES_JOB_NAME, accountGrades } from '../../src/jobs/account-grades.js';
import { zonedTimeToUtc } from '../../src/domain/calendar.js';
import { logger } from '../../src/logger.js';
import { renderText } from '../../src/views/render/text.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, snapshot, type DemoWorkspace } from '../support/workspace.js';
import { big, roundHalfAway } from '../support/sql.js';

/** "$1,234.50", "US$2,768,000.00" at the start of a field → minor units. */
function minor(text: string): number {
  const match = /^[^\d]*(\d{1,3}(?:,\d{3})*)\.(\d{2})/.exec(text.trim());
  if (!match) throw new Error(`no money amount in "${text}"`);
  return Number(`${match[1]!.replace(/,/g, '')}${match[2]}`);
}

function fieldOf(screen: Screen, label: string): string {
  for (const block of screen.blocks) if (block.type === 'fields') for (const f of block.fields) if (f.label === label) return f.value;
  throw new Error(`no field "${label}"`);
}

const dayOf = (value: unknown): string =>
  (value instanceof Date
    ? value
    : new Date(/[zZ]|[+-]\d\d:\d\d$/.test(String(value)) ? String(value) : `${String(value).replace(' ', 'T')}Z`)
  )
    .toISOString()
    .slice(0, 10);

type Rate = { currency: string; day: string; units: bigint; scale: bigint };

/**
 * Per account of the workspace, recomputed from the tables: won deals converted at the rate in force on
 * their close date, open deals at today's, each (currency, day) group rounded once; no rate: left out.
 */
async function sqlTotals(db: Db, workspaceId: string, today: string): Promise<Map<string, { won: bigint; open: bigint }>> {
  const rates: Rate[] = (
    await db.$queryRaw<{ currency: string; rate: string; effectiveDate: unknown }[]>`
      SELECT r."currency", r."rate", r."effectiveDate" FROM "ExchangeRate" r
      JOIN "Workspace" w ON w."id" = r."workspaceId" AND w."currency" = r."quoteCurrency"
      WHERE r."workspaceId" = ${workspaceId}`
  ).map((r) => ({
    currency: r.currency,
    day: dayOf(r.effectiveDate),
    units: BigInt(r.rate.replace('.', '')),
    scale: BigInt(r.rate.split('.')[1]?.length ?? 0),
  }));
  const rows = await db.$queryRaw<{ accountId: string; kind: string; currency: string; closeDate: unknown; total: unknown }[]>`
    SELECT d."accountId" AS "accountId", s."kind" AS "kind", d."currency" AS "currency", d."closeDate" AS "closeDate",
      SUM(d."amountMinor") AS "total"
    FROM "Deal" d JOIN "Stage" s ON s."workspaceId" = d."workspaceId" AND s."key" = d."stage"
    JOIN "Workspace" w ON w."id" = d."workspaceId"
    WHERE d."workspaceId" = ${workspaceId} AND s."kind" IN ('won', 'open')
    GROUP BY d."accountId", s."kind", d."currency", d."closeDate"`;
  const [{ currency: reporting } = { currency: 'USD' }] = await db.$queryRaw<{ currency: string }[]>`
    SELECT "currency" FROM "Workspace" WHERE "id" = ${workspaceId}`;
  // Open deals convert at today's rate whatever their close date: sum them per currency first.
  const groups = new Map<string, { accountId: string; kind: string; currency: string; day: string; total: bigint }>();
  for (const row of rows) {
    const day = row.kind === 'won' ? dayOf(row.closeDate) : today;
    const key = `${row.accountId} ${row.kind} ${row.currency} ${row.currency === reporting ? '' : day}`;
    const known = groups.get(key);
    groups.set(key, {
      accountId: row.accountId,
      kind: row.kind,
      currency: row.currency,
      day,
      total: (known?.total ?? 0n) + big(row.total),
    });
  }
  const totals = new Map<string, { won: bigint; open: bigint }>();
  for (const group of groups.values()) {
    let value = group.total;
    if (group.currency !== reporting) {
      const rate = rates.filter((r) => r.currency === group.currency && r.day <= group.day).sort((a, b) => b.day.localeCompare(a.day))[0];
      if (!rate) continue;
      value = roundHalfAway(group.total * rate.units, 10n ** rate.scale);
    }
    const entry = totals.get(group.accountId) ?? { won: 0n, open: 0n };
    if (group.kind === 'won') entry.won += value;
    else entry.open += value;
    totals.set(group.accountId, entry);
  }
  return totals;
}

const RULE = '/dealdesk grades A won>=500k|open>=200k B won>=100k|open>=50k';
function ruleGrade(total: { won: bigint; open: bigint } | undefined): string {
  const won = total?.won ?? 0n;
  const open = total?.open ?? 0n;
  if (won >= 50_000_000n || open >= 20_000_000n) return 'A';
  if (won >= 10_000_000n || open >= 5_000_000n) return 'B';
  return 'C';
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/account and account grades on ${provider}`, () => {
    let demo: DemoWorkspace;
    let today: string;
    let timeZone: string;
    const accountId = async (name: string) =>
      (await demo.db.account.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, name }, select: { id: true } })).id;
    const gradeOf = async (name: string) =>
      demo.db.account.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, name }, select: { grade: true, gradeManual: true } });

    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      const workspace = await demo.db.workspace.findUniqueOrThrow({ where: { id: demo.workspaceId }, select: { timeZone: true } });
      timeZone = workspace.timeZone;
      today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(demo.now);
      // Two currencies: CNY at 0.14 USD until November, 0.15 since; a won deal of each, an open deal of each,
      // the CNY one owned by Brian, who is then deactivated.
      for (const [line, who] of [
        ['/dealdesk rates set CNY 0.14 2026-01-01', 'dana'],
        ['/dealdesk rates set CNY 0.15 2026-11-01', 'dana'],
        ['/deal new "Figures Co" 100k won close 2026-10-01 Alpha', 'alice'],
        ['/deal new "Figures Co" ¥333,333.33 won close 2026-10-02 Beta', 'alice'],
        ['/deal new "Figures Co" 50k proposal Gamma', 'alice'],
        ['/deal new "Figures Co" ¥77,777.77 negotiation Delta', 'brian'],
        ['/deal new "Figures Co" 9k lead Lost one', 'alice'],
        ['/deal move "Lost one" lost no budget', 'alice'],
        ['/dealdesk member @brian deactivate keep', 'dana'],
      ] as const) {
        const { text, error } = await demo.run(line, who);
        expect(error, `${line}\n${text}`).toBeUndefined();
      }
      // Two satisfaction answers and one call not yet made.
      const won = await demo.db.deal.findMany({
        where: { workspaceId: demo.workspaceId, account: { name: 'Figures Co' }, stage: 'won' },
        select: { id: true, ownerId: true },
      });
      const other = await demo.db.deal.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, account: { name: 'Figures Co' }, stage: 'lost' },
        select: { id: true, ownerId: true },
      });
      for (const [deal, score] of [
        [won[0]!, 4],
        [won[1]!, 5],
        [other, null],
      ] as const)
        // Winning may have scheduled the call already (after-sales follow-up): set its score either way.
        await demo.db.afterSalesFollowUp.upsert({
          where: { dealId: deal.id },
          create: { workspaceId: demo.workspaceId, dealId: deal.id, ownerId: deal.ownerId, dueOn: new Date('2026-11-01T00:00:00Z'), score },
          update: { score },
        });
    }, 120_000);
    afterAll(() => demo.cleanup());

    it('shows the account with figures equal to plain SQL: both currencies converted, the deactivated owner’s deal counted and marked', async () => {
      const { screen, text } = await demo.run('/account figures', 'alice');
      const totals = (await sqlTotals(demo.db, demo.workspaceId, today)).get(await accountId('Figures Co'));
      // 100,000.00 + 333,333.33 × 0.14 (its close date's rate) won; 50,000.00 + 77,777.77 × 0.15 (today's) open.
      expect(totals).toEqual({ won: 14_666_667n, open: 6_166_667n });
      expect(minor(fieldOf(screen, 'Lifetime won'))).toBe(Number(totals?.won));
      expect(minor(fieldOf(screen, 'Open pipeline'))).toBe(Number(totals?.open));
      expect(fieldOf(screen, 'Open pipeline')).toContain('(2 deals)');
      expect(text).toMatch(/Delta — CN¥77,777\.77 · Negotiation · .* · Brian Lee \(inactive\)/);
      expect(text.split('Recently closed')[1]).toMatch(/(?=[\s\S]*Alpha)(?=[\s\S]*Beta)(?=[\s\S]*Lost one)/);
      const [avg] = await demo.db.$queryRaw<{ avg: unknown }[]>`
        SELECT AVG(f."score") AS "avg" FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId"
        JOIN "Account" a ON a."id" = d."accountId" WHERE a."name" = 'Figures Co' AND f."score" IS NOT NULL`;
      expect(fieldOf(screen, 'Satisfaction')).toBe(`${Number(avg?.avg).toFixed(1)} / 5 (2 answers)`);
      expect(text).toContain('Converted at');
      // Every deal button opens that deal's card.
      const buttons = screen.blocks.flatMap((b) =>
        b.type === 'items' ? b.items.flatMap((i) => (i.action ? [i.action.command] : [])) : [],
      );
      expect(buttons).toHaveLength(5);
      const opened = await demo.run(buttons[0]!, 'alice');
      expect(opened.screen.kind).toBe('deal_card');
      expect(opened.text).toContain('Figures Co');
    });

    it('answers in Chinese under the Chinese name, and satisfaction is — without answers', async () => {
      const { text } = await demo.run('/客户 Acme Robotics', 'wei.zhang');
      expect(text).toContain('客户 · Acme Robotics');
      expect(text).toMatch(/满意度\s+—/);
    });

    it('adds and removes contacts, checks email and phone with a sentence and writes nothing when refused', async () => {
      const id = await accountId('Figures Co');
      const contacts = () =>
        demo.db.contact.findMany({ where: { accountId: id }, select: { name: true, role: true, email: true, phone: true } });
      const added = await demo.run(
        '/account "Figures Co" contact add 王伟 role 首席财务官 CFO email wang@example.com phone +86 138 0000 0000',
        'alice',
      );
      expect(added.text).toContain('Added 王伟 to the contacts of Figures Co.');
      expect(added.text).toContain('王伟 · 首席财务官 CFO — wang@example.com · +86 138 0000 0000');
      expect(await contacts()).toEqual([{ name: '王伟', role: '首席财务官 CFO', email: 'wang@example.com', phone: '+86 138 0000 0000' }]);

      const before = JSON.stringify(await contacts());
      for (const [line, sentence] of [
        ['/account Figures Co contact add Bob email bob-at-example', 'Type an email address like wang@example.com after “email”.'],
        ['/account Figures Co contact add Bob phone 12ab', 'Type a phone number of 6 to 15 digits after “phone”'],
        ['/account Figures Co contact add role CFO', 'Type the contact’s name after “contact add”'],
        ['/account Figures Co contact add 王伟', 'Figures Co already has a contact called 王伟.'],
        ['/account Figures Co contact add Bob email a@b.co email c@d.co', 'Type “email” once'],
        ['/account Figures Co contact frob Bob', 'After “contact” type add or remove'],
        ['/account Figures Co contact remove Nobody', 'Figures Co has no contact called “Nobody”.'],
      ] as const) {
        const refused = await demo.run(line, 'alice');
        expect(refused.error?.message, line).toContain(sentence);
        expect(refused.text).toContain('Usage: /account <name>');
      }
      // Oliver sells in another team and owns no deal of the account; Mike manages Alice.
      const oliver = await demo.run('/account Figures Co contact add Bob', 'oliver');
      expect(oliver.error?.code).toBe('account.contact_forbidden');
      expect(JSON.stringify(await contacts())).toBe(before);
      expect((await demo.run('/account Figures Co contact add Bob role Buyer', 'mike')).error).toBeUndefined();

      // The form the Add contact button opens adds one through the same checks.
      const ctx = await demo.contextFor('alice');
      const button = (await demo.run('/account Figures Co', 'alice')).screen.blocks.flatMap((b) =>
        b.type === 'actions' ? b.actions : [],
      )[0]!;
      expect(button).toMatchObject({ form: 'account.contact', command: 'account "Figures Co" contact add' });
      const form = await formFor('account.contact', button.command, ctx);
      const bad = await submitForm(form, { name: 'Li Na', email: 'not an email' }, ctx);
      expect(bad.error).toMatchObject({ field: 'email', message: 'Type an email address like wang@example.com after “email”.' });
      const good = await submitForm(form, { name: 'Li Na', role: '', email: 'li@example.com', phone: '' }, ctx);
      expect(renderText(good.screen)).toContain('Li Na — li@example.com');
      await expect(formFor('account.contact', button.command, await demo.contextFor('oliver'))).rejects.toMatchObject({
        code: 'account.contact_forbidden',
      });

      const removed = await demo.run('/account Figures Co contact remove bob', 'alice');
      expect(removed.text).toContain('Removed bob from the contacts of Figures Co.');
      expect((await contacts()).map((c) => c.name).sort()).toEqual(['Li Na', '王伟']);
    });

    it('finds accounts like deals: a pick list for several, “did you mean” for a typo, never another workspace’s', async () => {
      const other = await demo.db.workspace.create({
        data: { name: 'Other', accounts: { create: { name: 'Secret Holdings', nameKey: 'secret holdings' } } },
      });
      const picked = await demo.run('/account co grade A', 'mike');
      expect(picked.screen.kind).toBe('pick_list');
      const choices = picked.screen.blocks.flatMap((b) => (b.type === 'items' ? b.items.map((i) => i.action?.command) : []));
      expect(choices).toContain('account "Figures Co" grade A');
      const typo = await demo.run('/account Figurs Co', 'alice');
      expect(typo.error?.message).toBe(
        'No account is called “Figurs Co”. Type part of an account’s name, e.g. /account acme. Did you mean /account "Figures Co"?',
      );
      for (const line of ['/account Secret Holdings', '/account secret', '/account Secret Holding'] as const) {
        const hidden = await demo.run(line, 'dana');
        expect(hidden.error?.code, line).toBe('account.not_found');
        expect(hidden.text).not.toContain('Secret Holdings”?');
      }
      expect((await demo.run('/account', 'alice')).error?.message).toBe('Type the account’s name after /account, e.g. /account Acme.');
      await demo.db.workspace.delete({ where: { id: other.id } });
    });

    it('grades by the admin’s rule from SQL totals, leaves grades set by hand, and records every change', async () => {
      const refused = [
        ['/dealdesk grades A won>=1m', 'alice', 'Only an admin changes the grade rule.'],
        ['/dealdesk grades A lost>=5k', 'dana', '“lost>=5k” is not part of a grade rule.'],
        ['/dealdesk grades B won>=100k A won>=500k', 'dana', 'Type grade A first, then B'],
        ['/dealdesk grades A won>=100k B won>=500k', 'dana', 'Type grade A first, then B'],
        ['/dealdesk grades A won>=€500k', 'dana', 'in USD, the reporting currency'],
        ['/account Acme Robotics grade Z', 'mike', 'Type A, B, C or auto after “grade”'],
        ['/account Acme Robotics grade A', 'alice', 'Only managers and admins set an account’s grade by hand.'],
      ] as const;
      const before = await snapshot(demo.db, demo.workspaceId);
      for (const [line, who, sentence] of refused) expect((await demo.run(line, who)).error?.message, line).toContain(sentence);
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);

      expect((await demo.run('/account Acme Robotics grade c', 'mike')).text).toContain('Acme Robotics is now grade C, set by hand');
      const set = await demo.run(RULE, 'dana');
      expect(set.text).toContain('Saved the grade rule.');
      expect(set.text).toMatch(/Grade A\s+lifetime won ≥ \$500,000\.00 or open pipeline ≥ \$200,000\.00/);
      const totals = await sqlTotals(demo.db, demo.workspaceId, today);
      const accounts = await demo.db.account.findMany({
        where: { workspaceId: demo.workspaceId },
        select: { id: true, name: true, grade: true, gradeManual: true },
      });
      for (const account of accounts)
        expect(account.grade, account.name).toBe(account.name === 'Acme Robotics' ? 'C' : ruleGrade(totals.get(account.id)));
      expect(await gradeOf('Figures Co')).toEqual({ grade: 'B', gradeManual: false });
      expect((await demo.run('/account Figures Co', 'alice')).text).toMatch(/Grade\s+B \(by the grade rule\)/);

      const audit = await demo.db.auditEntry.findMany({
        where: { workspaceId: demo.workspaceId, action: 'account.grade_changed' },
        select: { subjectId: true, actorId: true, before: true, after: true },
      });
      const acme = await accountId('Acme Robotics');
      expect(audit.filter((a) => a.subjectId === acme)).toHaveLength(1);
      expect(audit.find((a) => a.subjectId === acme)?.after).toEqual({ grade: 'C', manual: true });
      const changedByRule = accounts.filter((a) => a.name !== 'Acme Robotics').length;
      expect(audit.filter((a) => a.actorId === null).length).toBeLessThanOrEqual(changedByRule);
      expect((await demo.run('/dealdesk grades', 'alice')).text).toContain(
        'Grade B  lifetime won ≥ $100,000.00 or open pipeline ≥ $50,000.00',
      );

      // Back to the rule: Acme gets the rule's grade again.
      const auto = await demo.run('/account Acme Robotics grade auto', 'mike');
      expect(auto.text).toContain(`Acme Robotics is graded by the rule again: grade ${ruleGrade(totals.get(acme))}.`);
      expect(await gradeOf('Acme Robotics')).toEqual({ grade: ruleGrade(totals.get(acme)), gradeManual: false });
      await demo.run('/account Acme Robotics grade C', 'mike');
    });

    it('regrades nightly through the job runner, once per night, and a second night changes nothing', async () => {
      expect(JOBS.map((job) => job.name)).toContain(ACCOUNT_GRADES_JOB_NAME);
      // A big open deal makes Figures Co an A account, but only when the rule runs again.
      expect((await demo.run('/deal new "Figures Co" 250k proposal Epsilon', 'alice')).error).toBeUndefined();
      expect((await gradeOf('Figures Co')).grade).toBe('B');
      const night = zonedTimeToUtc('2026-11-24', '02:31', timeZone);
      const tick = (now: Date) =>
        runDueJobs({
          db: demo.db,
          now,
          jobs: [accountGrades],
          deliver: new RecordingDeliverer(),
          claimedBy: 'test',
          logger,
          clock: () => now,
        });
      const changes = () => demo.db.auditEntry.count({ where: { workspaceId: demo.workspaceId, action: 'account.grade_changed' } });
      const beforeRun = await changes();
      expect(await tick(night)).toMatchObject({ ran: 1, failed: 0 });
      expect(await gradeOf('Figures Co')).toEqual({ grade: 'A', gradeManual: false });
      expect(await gradeOf('Acme Robotics')).toEqual({ grade: 'C', gradeManual: true });
      const totals = await sqlTotals(demo.db, demo.workspaceId, '2026-11-24');
      for (const account of await demo.db.account.findMany({
        where: { workspaceId: demo.workspaceId, gradeManual: false },
        select: { id: true, name: true, grade: true },
      }))
        expect(account.grade, account.name).toBe(ruleGrade(totals.get(account.id)));
      expect(await changes()).toBe(beforeRun + 1);
      const entry = await demo.db.auditEntry.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, action: 'account.grade_changed' },
        orderBy: { at: 'desc' },
        select: { actorId: true, before: true, after: true },
      });
      expect(entry).toEqual({ actorId: null, before: { grade: 'B', manual: false }, after: { grade: 'A', manual: false } });

      expect(await tick(new Date(night.getTime() + 60_000))).toMatchObject({ ran: 0 });
      expect(await tick(new Date(night.getTime() + 86_400_000))).toMatchObject({ ran: 1, failed: 0 });
      expect(await changes()).toBe(beforeRun + 1);

      // No rule, no slot.
      await demo.run('/dealdesk grades off', 'dana');
      expect(await tick(new Date(night.getTime() + 2 * 86_400_000))).toMatchObject({ ran: 0 });
    });
  });
}
