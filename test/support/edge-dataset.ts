// A small workspace with the edge cases the demo lacks (issue #11), built through the real commands at
// chosen instants, so every stored value is one a user could have produced:
// - three teams in New York, Berlin and Shanghai (each with a manager and two reps), a rep in no team
//   (Los Angeles) and an admin who sells;
// - an April fiscal start (FY2027 Q3 = Oct–Dec 2026, Q4 = Jan–Mar 2027) and Proposal at 55 %;
// - wins and losses at 23:30 on the last and 00:30 on the first day of a fiscal quarter in each zone
//   (several of them on the other side of midnight in UTC);
// - backward stage moves, and stage moves on the DST change days (New York 2026-03-08 and 2026-11-01,
//   Berlin 2026-03-29 and 2026-10-25), including both 01:30s of New York's repeated hour;
// - deals in USD, EUR and CNY, quotas in USD and one in CNY, a category set by hand; two CNY exchange
//   rates (from 2026-10-01 and from 2027-01-01) and none for EUR;
// - a Berlin rep (klaus) deactivated at the end, owning open and won deals.
//
//   const edge = await edgeWorkspace('sqlite');
//   const { text } = await edge.run('/pipeline team Berlin', 'bernd');
//
// Instants are written in UTC with the local time they stand for; `edge.deals` maps each deal's
// account name to its reference (D-n).
import { freshDatabase } from './databases.js';
import type { DemoWorkspace } from './workspace.js';
import { dealNumberIn } from './workspace.js';
import type { Provider } from '../../src/store/db.js';
import type { CommandContext } from '../../src/commands/context.js';
import { execute } from '../../src/commands/execute.js';
import { createMember } from '../../src/store/members.js';
import { createWorkspace, loadWorkspaceContext } from '../../src/store/workspaces.js';
import { loadActor } from '../../src/store/members.js';
import { renderText } from '../../src/views/render/text.js';
import { qualifiedChannelTarget } from '../../src/adapters/channel-target.js';

/** Monday 2027-01-18 14:00 UTC: 09:00 in New York, 15:00 in Berlin, 22:00 in Shanghai; FY2027 Q4. */
export const EDGE_NOW = new Date('2027-01-18T14:00:00Z');

/** The fiscal quarters the figures are checked for (April start), as stored calendar dates. */
export const EDGE_QUARTERS = {
  current: { key: '2027-Q4', title: 'Q4 FY2027', from: '2027-01-01', to: '2027-03-31' },
  previous: { key: '2027-Q3', title: 'Q3 FY2027', from: '2026-10-01', to: '2026-12-31' },
} as const;

export const EDGE_TEAMS = [
  { name: 'New York', timeZone: 'America/New_York', manager: 'nora', reps: ['nick', 'nina'] },
  { name: 'Berlin', timeZone: 'Europe/Berlin', manager: 'bernd', reps: ['birgit', 'klaus'] },
  { name: 'Shanghai', timeZone: 'Asia/Shanghai', manager: 'shen', reps: ['li', 'wang'] },
] as const;

/** The rep deactivated once the data is in. */
export const EDGE_INACTIVE = 'klaus';

export type EdgeWorkspace = DemoWorkspace & { deals: ReadonlyMap<string, string> };

type Step =
  | { at: string; by: string; line: string; creates?: string }
  | { at: string; by: string; move: string; to: string; reason?: string }
  | { at: string; by: string; update: string; field: string };

/** Who does what, when, in time order. `creates` names the account the deal is filed under. */
const STEPS: readonly Step[] = [
  // --- settings (the admin) -----------------------------------------------------------------------
  { at: '2026-03-01T12:00:00Z', by: 'ada', line: '/dealdesk settings fiscal-start apr' },
  { at: '2026-03-01T12:00:00Z', by: 'ada', line: '/dealdesk settings stage proposal 55' },

  // --- New York (UTC−5 in winter, −4 in summer) ---------------------------------------------------
  // Albany: proposal on the spring-forward day (03:30 EDT), back to qualified at the first 01:30 EDT of
  // the fall-back day, on to needs analysis at the second 01:30 (EST).
  {
    at: '2026-03-05T15:00:00Z',
    by: 'nick',
    line: '/deal new Albany Paper 30000 qualified close 2027-03-31 Reams',
    creates: 'Albany Paper',
  },
  { at: '2026-03-08T07:30:00Z', by: 'nick', move: 'Albany Paper', to: 'proposal' },
  { at: '2026-11-01T05:30:00Z', by: 'nick', move: 'Albany Paper', to: 'qualified', reason: 'budget re-opened' },
  { at: '2026-11-01T06:30:00Z', by: 'nick', move: 'Albany Paper', to: 'needs analysis' },
  {
    at: '2026-08-03T14:00:00Z',
    by: 'nick',
    line: '/deal new Hudson Freight 40000 qualified close 2026-09-30 Trucks',
    creates: 'Hudson Freight',
  },
  // 23:30 EDT on Sep 30 (03:30 UTC Oct 1): won on the last day of Q2.
  { at: '2026-10-01T03:30:00Z', by: 'nick', move: 'Hudson Freight', to: 'won' },
  {
    at: '2026-08-04T14:00:00Z',
    by: 'nick',
    line: '/deal new Empire Tools 25000 proposal close 2026-10-15 Drills',
    creates: 'Empire Tools',
  },
  // 00:30 EDT on Oct 1: the first day of Q3.
  { at: '2026-10-01T04:30:00Z', by: 'nick', move: 'Empire Tools', to: 'won' },
  {
    at: '2026-09-01T14:00:00Z',
    by: 'nina',
    line: '/deal new Brooklyn Bakers 18000 negotiation close 2026-12-31 Ovens',
    creates: 'Brooklyn Bakers',
  },
  // 23:30 EST on Dec 31 (04:30 UTC Jan 1): the last day of Q3.
  { at: '2027-01-01T04:30:00Z', by: 'nina', move: 'Brooklyn Bakers', to: 'won' },
  {
    at: '2026-09-02T14:00:00Z',
    by: 'nina',
    line: '/deal new Queens Metals 22000 proposal close 2027-01-10 Sheets',
    creates: 'Queens Metals',
  },
  // 00:30 EST on Jan 1: the first day of Q4.
  { at: '2027-01-01T05:30:00Z', by: 'nina', move: 'Queens Metals', to: 'won' },
  { at: '2026-10-05T14:00:00Z', by: 'nick', line: '/deal new Bronx Bikes 9000 qualified close 2026-12-31 Fleet', creates: 'Bronx Bikes' },
  { at: '2027-01-01T05:30:00Z', by: 'nick', move: 'Bronx Bikes', to: 'lost', reason: 'went with a competitor' },
  { at: '2026-12-01T15:00:00Z', by: 'nina', line: '/deal new Staten Sails 12000 lead close 2027-01-01 Canvas', creates: 'Staten Sails' },
  {
    at: '2027-01-05T15:00:00Z',
    by: 'nina',
    line: '/deal new Long Island Labs 50000 proposal close 2027-04-01 Kits',
    creates: 'Long Island Labs',
  },
  {
    at: '2027-01-11T15:00:00Z',
    by: 'nora',
    line: '/deal new Manhattan Media 15000 negotiation close 2027-02-15 Ads',
    creates: 'Manhattan Media',
  },
  { at: '2027-01-11T15:05:00Z', by: 'nora', update: 'Manhattan Media', field: 'category omit' },
  {
    at: '2026-12-10T15:00:00Z',
    by: 'nick',
    line: '/deal new Yonkers Yards 7000 needs analysis close 2026-12-31 Cranes',
    creates: 'Yonkers Yards',
  },

  // --- Berlin (UTC+1 in winter, +2 in summer) -----------------------------------------------------
  {
    at: '2026-08-10T08:00:00Z',
    by: 'klaus',
    line: '/deal new Spree Werke €30000 proposal close 2026-10-30 Turbines',
    creates: 'Spree Werke',
  },
  // 23:30 CEST on Sep 30 (21:30 UTC).
  { at: '2026-09-30T21:30:00Z', by: 'klaus', move: 'Spree Werke', to: 'won' },
  { at: '2026-08-11T08:00:00Z', by: 'klaus', line: '/deal new Ruhr Steel 45000 negotiation close 2026-10-20 Beams', creates: 'Ruhr Steel' },
  // 00:30 CEST on Oct 1 (still Sep 30 in UTC).
  { at: '2026-09-30T22:30:00Z', by: 'klaus', move: 'Ruhr Steel', to: 'won' },
  {
    at: '2026-11-02T09:00:00Z',
    by: 'klaus',
    line: '/deal new Elbe Logistik 28000 negotiation close 2027-02-28 Depots',
    creates: 'Elbe Logistik',
  },
  { at: '2026-11-02T09:05:00Z', by: 'klaus', update: 'Elbe Logistik', field: 'category best' },
  { at: '2026-11-03T09:00:00Z', by: 'klaus', line: '/deal new Isar Auto €20000 qualified close 2027-03-31 Parts', creates: 'Isar Auto' },
  {
    at: '2026-09-01T08:00:00Z',
    by: 'birgit',
    line: '/deal new Rhein Chemie 35000 negotiation close 2026-12-31 Solvents',
    creates: 'Rhein Chemie',
  },
  // 23:30 CET on Dec 31 (22:30 UTC).
  { at: '2026-12-31T22:30:00Z', by: 'birgit', move: 'Rhein Chemie', to: 'won' },
  { at: '2026-09-02T08:00:00Z', by: 'birgit', line: '/deal new Main Bank 26000 proposal close 2027-01-31 Vaults', creates: 'Main Bank' },
  // 00:30 CET on Jan 1 (still Dec 31 in UTC).
  { at: '2026-12-31T23:30:00Z', by: 'birgit', move: 'Main Bank', to: 'won' },
  // Havel: qualified on the spring-forward day (03:30 CEST), proposal at the first 02:30 of the
  // fall-back day (CEST), back to qualified at the second (CET).
  { at: '2026-03-20T09:00:00Z', by: 'birgit', line: '/deal new Havel Energie 40000 lead close 2027-03-15 Grid', creates: 'Havel Energie' },
  { at: '2026-03-29T01:30:00Z', by: 'birgit', move: 'Havel Energie', to: 'qualified' },
  { at: '2026-10-25T00:30:00Z', by: 'birgit', move: 'Havel Energie', to: 'proposal' },
  { at: '2026-10-25T01:30:00Z', by: 'birgit', move: 'Havel Energie', to: 'qualified', reason: 'scope changed' },
  {
    at: '2026-09-03T08:00:00Z',
    by: 'birgit',
    line: '/deal new Weser Werft €15000 proposal close 2026-11-30 Hulls',
    creates: 'Weser Werft',
  },
  // Lost at 23:30 CEST on Sep 30.
  { at: '2026-09-30T21:30:00Z', by: 'birgit', move: 'Weser Werft', to: 'lost', reason: 'price' },
  { at: '2027-01-04T09:00:00Z', by: 'birgit', line: '/deal new Mosel Wein €9000 lead close 2027-03-31 Casks', creates: 'Mosel Wein' },

  // --- Shanghai (UTC+8) ---------------------------------------------------------------------------
  {
    at: '2026-08-20T02:00:00Z',
    by: 'li',
    line: '/deal new Pudong Tech 800000 CNY negotiation close 2026-10-31 Servers',
    creates: 'Pudong Tech',
  },
  // 23:30 on Sep 30 (15:30 UTC).
  { at: '2026-09-30T15:30:00Z', by: 'li', move: 'Pudong Tech', to: 'won' },
  {
    at: '2026-08-21T02:00:00Z',
    by: 'li',
    line: '/deal new Huangpu Trade ¥500000 proposal close 2026-10-31 Ledger',
    creates: 'Huangpu Trade',
  },
  // 00:30 on Oct 1 (16:30 UTC Sep 30).
  { at: '2026-09-30T16:30:00Z', by: 'li', move: 'Huangpu Trade', to: 'won' },
  {
    at: '2026-10-10T02:00:00Z',
    by: 'wang',
    line: '/deal new Yangtze Shipping 60000 negotiation close 2026-12-31 Berths',
    creates: 'Yangtze Shipping',
  },
  // 23:30 on Dec 31 (15:30 UTC).
  { at: '2026-12-31T15:30:00Z', by: 'wang', move: 'Yangtze Shipping', to: 'won' },
  { at: '2026-10-11T02:00:00Z', by: 'wang', line: '/deal new Bund Finance 33000 proposal close 2027-01-20 Loans', creates: 'Bund Finance' },
  // 00:30 on Jan 1 (16:30 UTC Dec 31).
  { at: '2026-12-31T16:30:00Z', by: 'wang', move: 'Bund Finance', to: 'won' },
  {
    at: '2026-12-01T02:00:00Z',
    by: 'wang',
    line: '/deal new Suzhou Silk 300000 CNY proposal close 2027-02-20 Bolts',
    creates: 'Suzhou Silk',
  },
  {
    at: '2026-12-02T02:00:00Z',
    by: 'wang',
    line: '/deal new Hangzhou Cloud 70000 needs analysis close 2027-03-31 Racks',
    creates: 'Hangzhou Cloud',
  },
  { at: '2026-12-02T02:05:00Z', by: 'wang', update: 'Hangzhou Cloud', field: 'category best' },
  {
    at: '2026-11-20T02:00:00Z',
    by: 'li',
    line: '/deal new Nanjing Glass 100000 CNY qualified close 2026-12-31 Panes',
    creates: 'Nanjing Glass',
  },
  { at: '2026-12-31T16:30:00Z', by: 'li', move: 'Nanjing Glass', to: 'lost', reason: 'no budget' },
  // Backward move inside the current quarter.
  { at: '2026-12-15T02:00:00Z', by: 'li', line: '/deal new Xiamen Ports 45000 proposal close 2027-03-01 Cranes', creates: 'Xiamen Ports' },
  { at: '2027-01-12T02:00:00Z', by: 'li', move: 'Xiamen Ports', to: 'qualified', reason: 'new stakeholder' },

  // --- no team: tess (Los Angeles, UTC−8 in winter) and the admin --------------------------------
  {
    at: '2026-11-10T18:00:00Z',
    by: 'tess',
    line: '/deal new Pacific Surf 12000 proposal close 2026-12-31 Boards',
    creates: 'Pacific Surf',
  },
  // 23:30 PST on Dec 31 (07:30 UTC Jan 1).
  { at: '2027-01-01T07:30:00Z', by: 'tess', move: 'Pacific Surf', to: 'won' },
  {
    at: '2026-11-11T18:00:00Z',
    by: 'tess',
    line: '/deal new Golden Gate 8000 negotiation close 2027-01-15 Cables',
    creates: 'Golden Gate',
  },
  // 00:30 PST on Jan 1.
  { at: '2027-01-01T08:30:00Z', by: 'tess', move: 'Golden Gate', to: 'won' },
  {
    at: '2026-12-05T18:00:00Z',
    by: 'tess',
    line: '/deal new Sierra Wines 20000 qualified close 2027-02-01 Barrels',
    creates: 'Sierra Wines',
  },
  { at: '2027-01-06T15:00:00Z', by: 'ada', line: '/deal new Admin Direct €5000 lead close 2027-03-31 Licence', creates: 'Admin Direct' },

  // --- this morning, in the digest windows ------------------------------------------------------
  // New York's digest looks back to 08:30 EST (13:30 UTC), Berlin's to 08:30 CET (07:30 UTC),
  // Shanghai's to 08:30 (00:30 UTC).
  { at: '2027-01-18T13:40:00Z', by: 'nina', move: 'Staten Sails', to: 'qualified' },
  { at: '2027-01-18T13:45:00Z', by: 'nina', move: 'Staten Sails', to: 'proposal' },
  { at: '2027-01-18T13:50:00Z', by: 'nick', line: '/deal new Harlem Hats 4000 lead close 2027-02-26 Caps', creates: 'Harlem Hats' },
  { at: '2027-01-18T08:00:00Z', by: 'birgit', move: 'Havel Energie', to: 'proposal' },
  { at: '2027-01-18T01:00:00Z', by: 'wang', move: 'Suzhou Silk', to: 'negotiation' },

  // --- quotas (USD unless said; li's in CNY; Berlin has its own row for Q3 only) ---------------------
  ...(['2027-Q3', '2027-Q4'] as const).flatMap((period) => [
    { at: '2026-09-15T12:00:00Z', by: 'ada', line: `/quota set @nick 100k ${period}` },
    { at: '2026-09-15T12:00:00Z', by: 'ada', line: `/quota set @nina 120k ${period}` },
    { at: '2026-09-15T12:00:00Z', by: 'ada', line: `/quota set @birgit 90k ${period}` },
    { at: '2026-09-15T12:00:00Z', by: 'ada', line: `/quota set @klaus 80k ${period}` },
    { at: '2026-09-15T12:00:00Z', by: 'ada', line: `/quota set @li ¥1m ${period}` },
    { at: '2026-09-15T12:00:00Z', by: 'ada', line: `/quota set @wang 150k ${period}` },
    { at: '2026-09-15T12:00:00Z', by: 'ada', line: `/quota set @tess 40k ${period}` },
  ]),
  { at: '2026-09-15T12:00:00Z', by: 'ada', line: '/quota set team Berlin 200k 2027-Q3' },

  // --- exchange rates into USD: two for CNY (from Oct 1 and from Jan 1), none for EUR ---------------
  { at: '2026-09-15T12:00:00Z', by: 'ada', line: '/dealdesk rates set CNY 0.1378 2026-10-01' },
  { at: '2026-12-20T12:00:00Z', by: 'ada', line: '/dealdesk rates set CNY 0.1412 2027-01-01' },
];

/** The steps in time order (a stable sort: steps at the same instant keep their order). */
const sorted = (): Step[] => [...STEPS].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

export async function edgeWorkspace(provider: Provider): Promise<EdgeWorkspace> {
  const fresh = await freshDatabase(provider);
  try {
    const { db } = fresh;
    const workspaceId = await createWorkspace(
      db,
      { name: 'Edge Works', currency: 'USD', timeZone: 'America/New_York' },
      { platform: 'shell', externalTenantId: `edge-${provider}` },
    );
    await createMember(db, workspaceId, { name: 'Ada Admin', handle: 'ada', role: 'admin', timeZone: 'UTC' });
    await createMember(db, workspaceId, { name: 'Tess Teamless', handle: 'tess', timeZone: 'America/Los_Angeles' });
    for (const team of EDGE_TEAMS) {
      const { id: teamId } = await db.team.create({
        data: { workspaceId, name: team.name, nameKey: team.name.toLowerCase(), timeZone: team.timeZone },
        select: { id: true },
      });
      const managerId = await createMember(db, workspaceId, { name: title(team.manager), handle: team.manager, role: 'manager', teamId });
      await db.team.update({ where: { id: teamId }, data: { managerId }, select: { id: true } });
      for (const rep of team.reps) await createMember(db, workspaceId, { name: title(rep), handle: rep, teamId, managerId });
    }

    const contextFor = async (handle: string, at: Date = EDGE_NOW): Promise<CommandContext> => {
      const workspace = await loadWorkspaceContext(db, workspaceId);
      const member = await db.member.findFirst({ where: { workspaceId, handle }, select: { id: true } });
      if (!workspace || !member) throw new Error(`No member @${handle} in the edge workspace`);
      const actor = await loadActor(db, workspace, member.id);
      if (!actor) throw new Error(`Member @${handle} is inactive`);
      return { db, workspace, actor, now: at, platform: 'shell', channelTarget: qualifiedChannelTarget };
    };
    const run: DemoWorkspace['run'] = async (line, handle = 'ada', at = EDGE_NOW) => {
      const result = await execute(line, await contextFor(handle, at));
      return { ...result, text: renderText(result.screen) };
    };

    const deals = new Map<string, string>();
    const ref = (account: string): string => {
      const found = deals.get(account);
      if (!found) throw new Error(`no deal for ${account} yet`);
      return found;
    };
    for (const step of sorted()) {
      const line =
        'line' in step
          ? step.line
          : 'move' in step
            ? `/deal move ${ref(step.move)} ${step.to}${step.reason ? ` ${step.reason}` : ''}`
            : `/deal update ${ref(step.update)} ${step.field}`;
      const { screen, text } = await run(line, step.by, new Date(step.at));
      if (screen.kind === 'error') throw new Error(`${line} as @${step.by} at ${step.at}:\n${text}`);
      if ('creates' in step && step.creates) deals.set(step.creates, `D-${dealNumberIn(text)}`);
    }
    await db.member.updateMany({ where: { workspaceId, handle: EDGE_INACTIVE }, data: { active: false } });
    return { ...fresh, workspaceId, now: EDGE_NOW, contextFor, run, deals };
  } catch (error) {
    await fresh.cleanup();
    throw error;
  }
}

/** "nick" → "Nick Nick": a full name that is easy to find in a table. */
function title(handle: string): string {
  const name = handle.charAt(0).toUpperCase() + handle.slice(1);
  return `${name} ${SURNAMES[handle] ?? 'Edge'}`;
}

const SURNAMES: Readonly<Record<string, string>> = {
  nora: 'Newman',
  nick: 'Nolan',
  nina: 'Novak',
  bernd: 'Bauer',
  birgit: 'Brandt',
  klaus: 'Keller',
  shen: 'Shen',
  li: 'Lei',
  wang: 'Wei',
};
