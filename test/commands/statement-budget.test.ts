// #14, point 1: every command has a budget of SQL statements per request, counted on what the client
// really sends (Prisma query events: every SELECT, INSERT, UPDATE and the COMMIT of a transaction; the
// adapters send no separate BEGIN event). A request is what the Slack and Teams adapters do: build the
// context of a known person (`loadChatContext`, as src/adapters/*/context.ts) and run the command.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execute } from '../../src/commands/execute.js';
import { COMMANDS } from '../../src/commands/index.js';
import type { CommandContext } from '../../src/commands/context.js';
import { loadChatContext } from '../../src/store/chat-context.js';
import { createMember } from '../../src/store/members.js';
import { DEMO_PLATFORM, DEMO_TENANT } from '../../src/store/demo-seed.js';
import { renderText } from '../../src/views/render/text.js';
import { qualifiedChannelTarget } from '../../src/adapters/channel-target.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { countingClient } from '../support/counting-client.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';

const CARD = 8;
const LIST = 8;
const REPORT = 12;

type Case = {
  /** `{deal}` is replaced by Alice's open deal number `deal` (0 = her first): each write case has its own. */
  line: string;
  deal?: number;
  as: string;
  budget: number;
  /** What the answer must say, so a command that failed early cannot pass on a low count. */
  shows: string;
  /** Runs first, outside the count (the request before this one). */
  before?: { line: string; as: string };
};

/** A write: what it changes, its events and the COMMIT, in one transaction, then the card it answers with. */
const WRITE = 12;

/**
 * One representative invocation per command of the registry. Budgets: a card or a list 8, a report 12,
 * a write 12; the exceptions say why. Every count includes the one statement that reads who is acting.
 */
const BUDGETS: Record<string, Case[]> = {
  'deal.form': [{ line: '/deal', as: 'alice', budget: CARD, shows: 'New deal' }],
  // The deal number, the account (found or created), the deal with its account and owner (3), its event,
  // COMMIT, then the card's activities and category history.
  'deal.new': [{ line: '/deal new Acme Budget 50k proposal', as: 'alice', budget: WRITE, shows: 'Created D-' }],
  // The deal (3), the change, the deal as written, its event, COMMIT, then the card.
  'deal.move': [{ line: '/deal move {deal} negotiation', deal: 0, as: 'alice', budget: WRITE, shows: 'Negotiation' }],
  'deal.update': [{ line: '/deal update {deal} amount 61k', deal: 1, as: 'alice', budget: WRITE, shows: '61,000' }],
  'deal.note': [{ line: '/deal note {deal} call: budget check', deal: 2, as: 'alice', budget: WRITE, shows: 'budget check' }],
  'deal.show': [{ line: '/deal show {deal}', deal: 2, as: 'alice', budget: CARD, shows: 'D-' }],
  'deal.history': [{ line: '/deal history {deal}', deal: 2, as: 'alice', budget: LIST, shows: 'D-' }],
  'deal.search': [{ line: '/deal search atlas', as: 'alice', budget: LIST, shows: 'Atlas' }],
  'deal.list': [
    { line: '/deal list', as: 'alice', budget: LIST, shows: 'Alice Carter' },
    { line: '/deal list all', as: 'dana', budget: LIST, shows: 'Open deals' },
  ],
  // A write that also works out the approval chain (the policy, the org chart), checks no request is
  // pending, and answers with the approval card (the requester's past requests and the names on it, by id).
  'deal.discount': [{ line: '/deal discount {deal} 25% competitor price', deal: 3, as: 'alice', budget: 20, shows: '25%' }],
  'deal.approvals': [{ line: '/deal approvals', as: 'mike', budget: LIST, shows: 'pprov' }],
  // Writes on a request: the deal (3), the request with its decisions (4), the next step's approvers, the
  // decision with its event and COMMIT (4), then the approval card as for a discount.
  'deal.approve': [
    {
      line: '/deal approve {deal}',
      deal: 4,
      as: 'mike',
      budget: 18,
      shows: 'pprov',
      before: { line: '/deal discount {deal} 25% competitor price', as: 'alice' },
    },
  ],
  'deal.reject': [
    {
      line: '/deal reject {deal} too deep',
      deal: 5,
      as: 'mike',
      budget: 18,
      shows: 'eject',
      before: { line: '/deal discount {deal} 25% competitor price', as: 'alice' },
    },
  ],
  pipeline: [
    { line: '/pipeline team', as: 'mike', budget: REPORT, shows: 'North America' },
    // One statement grouped by slice and the rates, whatever the number of channels or regions.
    { line: '/pipeline team by channel', as: 'mike', budget: REPORT, shows: 'All channels' },
  ],
  // Sliced: the quota report, then by channel one statement grouped by slice; all by region regroups the team lines.
  quota: [
    { line: '/quota team', as: 'mike', budget: REPORT, shows: 'North America' },
    { line: '/quota team by channel', as: 'mike', budget: REPORT, shows: 'All channels' },
    { line: '/quota all by region', as: 'dana', budget: REPORT, shows: 'All regions' },
  ],
  'quota.set': [{ line: '/quota set @alice 120k 2026-Q4', as: 'mike', budget: WRITE, shows: '120,000' }],
  forecast: [
    { line: '/forecast team', as: 'mike', budget: REPORT, shows: 'North America' },
    // Won and open deals grouped by slice (two statements) and the rates.
    { line: '/forecast all by region', as: 'dana', budget: REPORT, shows: 'All regions' },
  ],
  funnel: [{ line: '/funnel team', as: 'mike', budget: REPORT, shows: 'North America' }],
  // Sliced: the same two statements grouped by the slice too, whatever the number of slices.
  competitors: [
    { line: '/competitors team', as: 'mike', budget: REPORT, shows: 'North America' },
    { line: '/competitors team by channel', as: 'mike', budget: REPORT, shows: 'by channel' },
  ],
  // Closed deals and cycles by rep (2), the counts, pipeline created, discounts, quotas and rates: one each, whatever the number of reps.
  // Sliced: the same five statements grouped by slice and once more for the whole scope, and the rates.
  scorecard: [
    { line: '/scorecard team', as: 'mike', budget: REPORT, shows: 'North America' },
    { line: '/scorecard all by region', as: 'dana', budget: REPORT, shows: 'All regions' },
  ],
  leaderboard: [
    { line: '/leaderboard team winrate', as: 'mike', budget: REPORT, shows: 'North America' },
    { line: '/leaderboard', as: 'alice', budget: REPORT, shows: 'North America' },
    { line: '/leaderboard all won by channel', as: 'dana', budget: REPORT, shows: 'by channel' },
  ],
  // Sliced: one statement grouped by slice, score and due, whatever the number of slices.
  satisfaction: [
    { line: '/satisfaction team', as: 'mike', budget: REPORT, shows: 'North America' },
    { line: '/satisfaction all by region', as: 'dana', budget: REPORT, shows: 'by region' },
  ],
  // The deal (3), its follow-up, the conditional update, its event and COMMIT; the answer is a sentence.
  'deal.satisfaction': [
    {
      line: '/deal satisfaction {deal} 4 happy',
      // Alice's deal the read-only cases (show, history) used; the note before them leaves it open.
      deal: 2,
      as: 'alice',
      budget: WRITE,
      shows: '4/5 recorded',
      before: { line: '/deal move {deal} won', as: 'alice' },
    },
  ],
  // The home tab is four screens in one (approvals, my quota, next steps due, my open deals), sharing the
  // teams and members they read.
  'dealdesk.home': [{ line: '/dealdesk home', as: 'alice', budget: 20, shows: 'Alice' }],
  'dealdesk.settings': [{ line: '/dealdesk settings', as: 'dana', budget: CARD, shows: 'USD' }],
  'dealdesk.policy': [{ line: '/dealdesk policy', as: 'dana', budget: CARD, shows: 'manager' }],
  'dealdesk.rates': [{ line: '/dealdesk rates', as: 'dana', budget: CARD, shows: 'USD' }],
  // The account, the rates, then its contacts, open deals (count and the first ten), recently closed, one
  // aggregate of its sums, last activity, satisfaction and the grade rule; owners and rates' setters read apart.
  account: [
    { line: '/account Acme Robotics', as: 'alice', budget: 14, shows: 'Lifetime won' },
    // Who may (the account's deal owners), the contact, then the account as above.
    { line: '/account Acme Robotics contact add Budget Person role CFO', as: 'alice', budget: 18, shows: 'Added Budget Person' },
  ],
  'dealdesk.grades': [
    { line: '/dealdesk grades', as: 'dana', budget: CARD, shows: 'Account grades' },
    // The rule with its audit entry (one transaction), then every account regraded: one aggregate of the
    // deals, the accounts, one update per grade and the audit entries (one transaction).
    { line: '/dealdesk grades A won>=500k B won>=100k', as: 'dana', budget: 16, shows: 'Saved the grade rule' },
  ],
  'dealdesk.import': [{ line: '/dealdesk import', as: 'dana', budget: CARD, shows: 'CSV' }],
  // Reads every deal in one query; related rows are read per batch of deals, never per deal.
  'dealdesk.export': [{ line: '/dealdesk export deals', as: 'dana', budget: CARD, shows: 'deals' }],
  'dealdesk.people': [{ line: '/dealdesk people', as: 'dana', budget: LIST, shows: 'Alice Carter' }],
  // Team and member changes are written with their audit entry in one transaction.
  'dealdesk.team': [{ line: '/dealdesk team new Budget Team region EMEA', as: 'dana', budget: WRITE, shows: 'Budget Team' }],
  'dealdesk.member': [{ line: '/dealdesk member @carmen timezone Asia/Tokyo', as: 'dana', budget: WRITE, shows: 'Asia/Tokyo' }],
  'dealdesk.workspace': [{ line: '/dealdesk workspace name Budget Corp', as: 'dana', budget: WRITE, shows: 'Budget Corp' }],
  'dealdesk.setup': [{ line: '/dealdesk setup', as: 'dana', budget: CARD, shows: 'Set up' }],
  // The morning digest is about ten reports of a whole team in one message: pipeline, quota, forecast,
  // funnel, slipping and stale deals (counted and listed), wins, losses with reasons and approvals, plus
  // the digest settings. Each part keeps its own query; merging them is work left for #14 (point 6).
  // 35: the low-satisfaction part reads ids first and its relations only when there is a low score (38 before).
  'dealdesk.digest': [{ line: '/dealdesk digest now', as: 'mike', budget: 35, shows: 'North America' }],
  'dealdesk.language': [{ line: '/dealdesk language zh', as: 'alice', budget: CARD, shows: '中文' }],
  'dealdesk.help': [{ line: '/dealdesk help', as: 'alice', budget: CARD, shows: '/deal new' }],
  'deal.help': [{ line: '/deal help move', as: 'alice', budget: CARD, shows: '/deal move D-100' }],
};

/** Commands with no case above, each with the reason. */
const NOT_COUNTED: Record<string, string> = {};

async function aliceOpenDeals(demo: DemoWorkspace): Promise<string[]> {
  const deals = await demo.db.deal.findMany({
    where: { workspaceId: demo.workspaceId, owner: { handle: 'alice' }, stage: { notIn: ['won', 'lost'] } },
    orderBy: { number: 'asc' },
    select: { number: true },
  });
  return deals.map((deal) => `D-${deal.number}`);
}

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`statement budget per command on ${provider}`, () => {
    // One demo workspace for the whole table (seeding one takes seconds); each write case works on its own deal.
    let demo: DemoWorkspace;
    let counting: ReturnType<typeof countingClient>;
    let deals: string[];
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      counting = countingClient(provider, demo.url);
      deals = await aliceOpenDeals(demo);
    });
    afterAll(async () => {
      await counting.db.$disconnect();
      await demo.cleanup();
    });

    /** A request as the adapters make it, counted: the person's context, then the command. */
    async function request(line: string, handle: string): Promise<{ text: string; statements: string[] }> {
      const identity = { platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT, externalUserId: handle };
      // The request before this one read the workspace's settings into this process's cache.
      await loadChatContext(counting.db, identity);
      counting.statements.length = 0;
      const known = await loadChatContext(counting.db, identity);
      if (known.kind !== 'active') throw new Error(`@${handle} is not an active member`);
      const ctx: CommandContext = {
        db: counting.db,
        workspace: known.workspace,
        actor: known.actor,
        now: demo.now,
        platform: DEMO_PLATFORM,
        channelTarget: qualifiedChannelTarget,
      };
      const result = await execute(line, ctx);
      return { text: renderText(result.screen), statements: [...counting.statements] };
    }

    it('has a budget, or a stated reason, for every command of the registry', () => {
      for (const command of COMMANDS) expect(BUDGETS[command.id] ?? NOT_COUNTED[command.id], command.id).toBeDefined();
      const ids = new Set(COMMANDS.map((command) => command.id));
      for (const id of [...Object.keys(BUDGETS), ...Object.keys(NOT_COUNTED)]) expect(ids.has(id), `${id} is not a command`).toBe(true);
    });

    for (const [id, cases] of Object.entries(BUDGETS))
      for (const { line, as, budget, shows, before, deal: index = 0 } of cases)
        it(`${id}: ${line} as @${as} within ${budget} statements`, async () => {
          const deal = deals[index] ?? '';
          if (before) await demo.run(before.line.replace('{deal}', deal), before.as);
          const { text, statements } = await request(line.replace('{deal}', deal), as);
          expect(text).toContain(shows);
          expect(statements.length, `${statements.length} statements for ${line}:\n${statements.join('\n')}`).toBeLessThanOrEqual(budget);
        });

    it('/deal list costs the same with 5 deals shown as with a full page of 60 (no query per deal)', async () => {
      await createMember(
        demo.db,
        demo.workspaceId,
        { name: 'Nina Newman', handle: 'nina', role: 'rep' },
        { platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT, externalUserId: 'nina' },
      );
      const add = async (from: number, to: number) => {
        for (let n = from; n <= to; n++) await demo.run(`/deal new Nina Co${n} ${n * 1000} proposal`, 'nina');
      };
      await add(1, 5);
      const few = await request('/deal list', 'nina');
      await add(6, 60);
      const many = await request('/deal list', 'nina');
      expect(few.text).toContain('Nina Co5');
      expect(many.text).toContain('of 60');
      expect(many.text).not.toBe(few.text);
      // The same statements, bar the total's COUNT, which a first page that is not full does without.
      // Compared as shapes: `IN (?,?,…)` lists grow with the rows shown, and PostgreSQL numbers its parameters.
      const shape = (sql: string) => sql.replace(/\$\d+/g, '?').replace(/\((\s*\?\s*,?)+\)/g, '(…)');
      const withoutCount = (statements: string[]) =>
        statements
          .filter((sql) => !/COUNT\(\*\)/.test(sql))
          .map(shape)
          .sort(); // a deal's account and owner are read at once, in either order
      expect(withoutCount(many.statements)).toEqual(withoutCount(few.statements));
      expect(many.statements.length - few.statements.length).toBe(1);
      expect(many.statements.length).toBeLessThanOrEqual(LIST);
    });
  });
