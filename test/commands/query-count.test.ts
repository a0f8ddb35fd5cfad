// #14: a report command reads the people and teams its scope needs, and each at most once however many
// steps (parse, scope, rows) need them: none for the asker's own figures, a team's own for a team; who is
// acting costs one statement, with the workspace's settings cached only while they are current. Counted
// on the SQL the client really sends (Prisma query events), on each database.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { execute } from '../../src/commands/execute.js';
import { renderText } from '../../src/views/render/text.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { countingClient } from '../support/counting-client.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { loadChatContext, type ChatContext } from '../../src/store/chat-context.js';
import { DEMO_PLATFORM, DEMO_TENANT } from '../../src/store/demo-seed.js';

/** The team list's statement: SQLite quotes with backticks (`main`.`Team`), PostgreSQL with "public"."Team". */
const TEAM_SELECT = /\bFROM\s+[`"]\w+[`"]\.[`"]Team[`"]/;
/** A statement over the deals: Prisma's (`main`.`Deal`, "public"."Deal") or a raw one ("Deal" d). */
const DEAL_SELECT = /\bFROM\s+(?:[`"]\w+[`"]\.)?[`"]Deal[`"]/;
/** A list of the workspace's people (Prisma's, by workspace), and the filter that keeps one to a team's. */
const PEOPLE_LIST = /\bFROM\s+[`"]\w+[`"]\.[`"]Member[`"] WHERE \(?[`"]\w+[`"]\.[`"]Member[`"]\.[`"]workspaceId[`"] = /;
const MEMBER_NAME = /[`"]Member[`"]\.[`"]name[`"]/;
/** A filter to some people by id. */
const MEMBER_IDS = /[`"]Member[`"]\.[`"]id[`"] IN /;
const TEAM_FILTER = /[`"]Member[`"]\.[`"]teamId[`"] = /;
/** A manager's own team and its people, read together (raw SQL, the same on both databases). */
const OWN_TEAM = /\bFROM "Team" t LEFT JOIN "Member" m ON m."teamId" = t."id"/;
const RATE_SELECT = /\bFROM\s+[`"]\w+[`"]\.[`"]ExchangeRate[`"]/;
/** Who set the rates: members' names by id. */
const SETTER_SELECT = /^SELECT [`"]\w+[`"]\.[`"]Member[`"]\.[`"]id[`"], [`"]\w+[`"]\.[`"]Member[`"]\.[`"]name[`"] FROM/;

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`statements per command on ${provider}`, () => {
    let demo: DemoWorkspace;
    let counting: ReturnType<typeof countingClient>;
    beforeEach(async () => {
      demo = await demoWorkspace(provider);
      counting = countingClient(provider, demo.url);
    });
    afterEach(async () => {
      await counting.db.$disconnect();
      await demo.cleanup();
    });

    /**
     * `line` as `handle` runs it through the counting client: its answer, the answer the same line gets
     * through the demo's own client (what the shell prints), and the statements the counted run issued.
     */
    async function countedRun(line: string, handle: string) {
      const expected = (await demo.run(line, handle)).text;
      const ctx = { ...(await demo.contextFor(handle)), db: counting.db };
      counting.statements.length = 0;
      const answer = renderText((await execute(line, ctx)).screen);
      return { answer, expected, statements: [...counting.statements] };
    }
    const matching = (statements: readonly string[], pattern: RegExp) => statements.filter((sql) => pattern.test(sql)).length;

    it("/pipeline team finds the manager's own team with its people in one statement, and answers as before", async () => {
      const { answer, expected, statements } = await countedRun('/pipeline team', 'mike');

      expect(answer).toContain('North America');
      expect(answer).toBe(expected);
      // Not every team's head and then the team's roster (#14): one statement, no list of teams or people.
      expect(matching(statements, OWN_TEAM)).toBe(1);
      expect(statements.filter((sql) => TEAM_SELECT.test(sql) || PEOPLE_LIST.test(sql))).toEqual([]);
    });

    it("reads the period's won and open deals in one statement for /quota, /forecast and a team's forecast", async () => {
      const answers: Record<string, string> = {};
      const counts: Record<string, number> = {};
      for (const [line, handle] of [
        ['/quota', 'alice'],
        ['/forecast', 'alice'],
        ['/forecast team', 'mike'],
      ] as const) {
        const { answer, expected, statements } = await countedRun(line, handle);
        expect(answer).toBe(expected);
        answers[line] = answer;
        counts[line] = matching(statements, DEAL_SELECT);
      }
      // A real answer with figures, not a refusal.
      expect(answers['/quota']).toMatch(/\d+%/);
      expect(answers['/forecast team']).toContain('North America');
      // The team's forecast: its figures, and the sums by seller its quota needs (a deactivated seller's quota counts where they sold), in one.
      expect(counts).toEqual({ '/quota': 1, '/forecast': 1, '/forecast team': 1 });
    });

    it("a rep's own reports and deal list read no one else's record, and answer as before", async () => {
      // At a thousand people, reading every person and team was most of a rep's report (#14).
      for (const line of ['/pipeline', '/quota', '/forecast', '/funnel', '/deal list']) {
        const { answer, expected, statements } = await countedRun(line, 'alice');
        expect(answer).toBe(expected);
        expect(answer).toContain('Alice Carter');
        // The deals' owners by id are theirs; no list of the workspace's people or teams.
        expect(statements.filter((sql) => TEAM_SELECT.test(sql) || PEOPLE_LIST.test(sql))).toEqual([]);
      }
    });

    it("a team's report reads the team's people, not the workspace's, and answers as before", async () => {
      for (const line of ['/pipeline team', '/quota team', '/forecast team', '/funnel team']) {
        const { answer, expected, statements } = await countedRun(line, 'mike');
        expect(answer).toBe(expected);
        expect(answer).toContain('North America');
        // The team's roster alone, with the team: people by id (the sellers outside it) are bounded by the rows shown.
        expect(matching(statements, OWN_TEAM)).toBe(1);
        expect(matching(statements, PEOPLE_LIST)).toBe(0);
      }
    });

    it('a team named by its manager is found among the teams and read with its roster alone', async () => {
      const { answer, expected, statements } = await countedRun('/pipeline team North America', 'mike');
      expect(answer).toBe(expected);
      expect(answer).toContain('North America');
      const lists = statements.filter((sql) => PEOPLE_LIST.test(sql));
      expect(lists).toHaveLength(1);
      expect(lists[0]).toMatch(TEAM_FILTER);
      expect(matching(statements, OWN_TEAM)).toBe(0);
    });

    it("an approval card reads its people's names by id, not everyone's", async () => {
      const [first] = await demo.db.deal.findMany({
        where: { workspaceId: demo.workspaceId, owner: { handle: 'alice' }, stage: { notIn: ['won', 'lost'] } },
        orderBy: { number: 'asc' },
        select: { number: true },
        take: 1,
      });
      const deal = `D-${String(first?.number)}`;
      await demo.run(`/deal discount ${deal} 25% competitor price`, 'alice');
      const ctx = { ...(await demo.contextFor('mike')), db: counting.db };
      counting.statements.length = 0;
      const answer = renderText((await execute(`/deal approve ${deal}`, ctx)).screen);
      // The card as the approver sees it: the decision, the requester and the next step's approvers by name.
      expect(answer).toContain('Alice Carter');
      expect(answer).toMatch(/pprov/);
      // Names by id (#14: every active person's name was read for a handful of them). The route's next step
      // is still worked out on the org chart (who is active, who manages whom), without names.
      const namesOfEveryone = counting.statements.filter((sql) => PEOPLE_LIST.test(sql) && MEMBER_NAME.test(sql) && !MEMBER_IDS.test(sql));
      expect(namesOfEveryone).toEqual([]);
      expect(counting.statements.filter((sql) => MEMBER_NAME.test(sql) && MEMBER_IDS.test(sql)).length).toBeGreaterThan(0);
    });

    it('/quota team North America reads the teams once', async () => {
      const ctx = { ...(await demo.contextFor('mike')), db: counting.db };
      const text = renderText((await execute('/quota team North America', ctx)).screen);
      expect(text).toContain('North America');
      expect(counting.statements.filter((sql) => TEAM_SELECT.test(sql))).toHaveLength(1);
    });

    const identity = (handle: string) => ({ platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT, externalUserId: handle });
    const active = (known: ChatContext) => {
      if (known.kind !== 'active') throw new Error(`expected an active member, got ${known.kind}`);
      return known;
    };

    it("reads /funnel's closed deals (sums, lost reasons and the cycle's median) in one statement", async () => {
      for (const [line, handle] of [
        ['/funnel', 'alice'],
        ['/funnel team', 'mike'],
      ] as const) {
        const { answer, expected, statements } = await countedRun(line, handle);
        expect(answer).toBe(expected);
        // A real funnel with a win rate, not a refusal.
        expect(answer).toMatch(/\d+%/);
        expect(matching(statements, DEAL_SELECT)).toBe(1);
      }
    });

    it('reads who is acting in one statement once the settings are cached, and the same actor as before', async () => {
      const before = await demo.contextFor('mike');
      const first = active(await loadChatContext(counting.db, identity('mike')));
      counting.statements.length = 0;
      const second = active(await loadChatContext(counting.db, identity('mike')));
      expect(counting.statements).toHaveLength(1);
      expect(second.actor).toEqual({ ...before.actor, teamIds: expect.arrayContaining([...before.actor.teamIds]) as string[] });
      expect(second.actor.teamIds).toHaveLength(before.actor.teamIds.length);
      expect(second.workspace).toEqual(before.workspace);
      expect(first.workspace).toEqual(before.workspace);
    });

    it('sees a settings change at once: made by a command here, or written by another process', async () => {
      active(await loadChatContext(counting.db, identity('dana')));
      await demo.run('/dealdesk settings currency EUR', 'dana');
      expect(active(await loadChatContext(counting.db, identity('dana'))).workspace.currency).toBe('EUR');
      // Another replica, or a hand-written fix: only the row's updatedAt tells this process.
      await demo.db.workspace.update({ where: { id: demo.workspaceId }, data: { staleAfterDays: 30 } });
      expect(active(await loadChatContext(counting.db, identity('dana'))).workspace.staleAfterDays).toBe(30);
      await demo.run('/dealdesk settings stage proposal 55', 'dana');
      const stages = active(await loadChatContext(counting.db, identity('dana'))).workspace.stages;
      expect(stages.find((stage) => stage.key === 'proposal')?.probability).toBe(55);
      // Exchange rates are kept with the settings: a rate set is seen by the next request.
      await demo.run('/dealdesk rates set cny 0.2 2026-01-05', 'dana');
      const rates = active(await loadChatContext(counting.db, identity('dana'))).workspace.rates;
      expect(rates).toContainEqual({ currency: 'CNY', rate: '0.2', effectiveDate: '2026-01-05' });
    });

    it('tells a deactivated member and an unknown person apart', async () => {
      await demo.run('/dealdesk member @carmen deactivate keep', 'dana');
      expect((await loadChatContext(counting.db, identity('carmen'))).kind).toBe('inactive');
      expect((await loadChatContext(counting.db, identity('nobody'))).kind).toBe('unknown');
    });

    it('reads no exchange rate for a report (they come with the settings); who set them only for the rates screen', async () => {
      await demo.run('/dealdesk rates set cny 0.14', 'dana');
      const ctx = { ...(await demo.contextFor('dana')), db: counting.db };
      const rateSelects = () => counting.statements.filter((sql) => RATE_SELECT.test(sql));
      const setterSelects = () => counting.statements.filter((sql) => SETTER_SELECT.test(sql));

      const pipeline = renderText((await execute('/pipeline all', ctx)).screen);
      // East China's deals in CNY are converted, at the rate just set.
      expect(pipeline).toContain('1 CNY = 0.14 USD');
      expect([rateSelects().length, setterSelects().length]).toEqual([0, 0]);

      counting.statements.length = 0;
      const dana = await demo.db.member.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, handle: 'dana' },
        select: { name: true },
      });
      expect(renderText((await execute('/dealdesk rates', ctx)).screen)).toContain(dana.name);
      expect([rateSelects().length, setterSelects().length]).toEqual([1, 1]);
    });
  });
