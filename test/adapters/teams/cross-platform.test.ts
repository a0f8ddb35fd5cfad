// The same scripted conversation typed in Slack, in Teams and in the shell — each by a new person on a
// new, empty workspace of the one DealDesk server (Slack and Teams mounted on the same HTTP server) —
// leaves the same deals, events and follow-ups in the database.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { startSlackHarness, SIGNING_SECRET, type SlackHarness } from '../../support/slack-server.js';
import { postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { startFakeConnector, messageActivity, cardOf, cardText, type FakeConnector, type TeamsUser } from '../../support/fake-teams.js';
import { FIXED_NOW } from '../../support/workspace.js';
import { checkedCard, postJson } from '../../support/teams-server.js';
import { ShellSession } from '../../../src/adapters/shell/session.js';
import { createWorkspace, findWorkspaceIdByInstallation } from '../../../src/store/workspaces.js';
import { createMember } from '../../../src/store/members.js';
import type { Db } from '../../../src/store/db.js';

const SCRIPT = [
  '/deal new Cross Corp 50k qualified close 2026-12-15 Pilot rollout',
  '/deal move D-1 proposal',
  '/deal note D-1 call: walked the CFO through the proposal',
  '/deal update D-1 amount 60k',
  '/deal update D-1 next "send the order form" fri',
  '/deal move D-1 lost',
  '/deal new Second Cross 12k',
  '/deal move D-2 negotiation',
];

/** Everything the script wrote in a workspace, without ids, timestamps or who the member is. */
async function dataOf(db: Db, workspaceId: string) {
  const deals = await db.deal.findMany({
    where: { workspaceId },
    orderBy: { number: 'asc' },
    select: {
      number: true,
      title: true,
      searchKey: true,
      amountMinor: true,
      currency: true,
      listAmountMinor: true,
      discountBps: true,
      stage: true,
      forecastCategory: true,
      closeDate: true,
      nextStep: true,
      nextStepDue: true,
      sourceChannel: true,
      lostReason: true,
      version: true,
      account: { select: { name: true, nameKey: true, grade: true, channel: true } },
      events: {
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        select: { type: true, fromStage: true, toStage: true, amountMinor: true, currency: true, before: true, after: true },
      },
      activities: { orderBy: { at: 'asc' }, select: { kind: true, text: true } },
    },
  });
  const eventCount = await db.dealEvent.count({ where: { workspaceId } });
  const activityCount = await db.activity.count({ where: { workspaceId } });
  return JSON.parse(
    JSON.stringify({ deals, eventCount, activityCount }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
  ) as unknown;
}

const NORA: TeamsUser = {
  aadObjectId: 'aad-nora-cross',
  id: '29:nora-cross',
  name: 'Nora New',
  locale: 'en-GB',
  timeZone: 'Europe/Berlin',
};

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`one conversation on Slack, Teams and the shell (${provider})`, () => {
    let h: SlackHarness;
    let connector: FakeConnector;
    beforeAll(async () => {
      // One server with both chat platforms on it.
      h = await startSlackHarness(provider, { TEAMS_DEV_ANONYMOUS: 'true' });
      connector = await startFakeConnector();
    });
    afterAll(async () => {
      await connector.close();
      await h.close();
    });

    it('leaves the same data whichever surface it was typed on', async () => {
      expect(h.server.teams?.mode).toBe('anonymous');
      const slackAnswers: string[] = [];
      for (const line of SCRIPT) {
        const [command, ...rest] = line.split(' ');
        const responseUrl = h.fake.responseUrl();
        const http = await postSlack(
          h.eventsUrl,
          SIGNING_SECRET,
          slashCommandBody({ command: command!, text: rest.join(' '), user_id: 'U_NEW', team_id: 'T0CROSS', response_url: responseUrl }),
        );
        expect(http.status).toBe(200);
        const answer = await h.fake.waitForResponse(responseUrl.split('/').pop(), 10_000);
        slackAnswers.push(JSON.stringify(answer.body));
      }

      const teamsAnswers: string[] = [];
      const cards: Record<string, unknown>[] = [];
      for (const line of SCRIPT) {
        const activity = messageActivity({ serviceUrl: connector.url, tenantId: 'tenant-cross' }, NORA, line);
        const { status } = await postJson(`${h.baseUrl}/api/messages`, activity);
        expect(status).toBe(200);
        const reply = await connector.waitFor((c) => c.kind === 'reply' && c.activityId === activity.id);
        teamsAnswers.push(cardText(checkedCard(cards, cardOf(reply.body))));
      }

      const shellWorkspace = await createWorkspace(
        h.demo.db,
        { name: 'Local workspace' },
        { platform: 'shell', externalTenantId: 'cross' },
      );
      const shellMember = await createMember(h.demo.db, shellWorkspace, {
        name: 'Nora New',
        handle: 'nora',
        role: 'admin',
        timeZone: 'Europe/Berlin',
        locale: 'en',
      });
      const shell = new ShellSession(h.demo.db, shellWorkspace, shellMember, () => FIXED_NOW);
      const shellAnswers: string[] = [];
      for (const line of SCRIPT) shellAnswers.push((await shell.handle(line)).text);

      const slackWorkspace = (await findWorkspaceIdByInstallation(h.demo.db, 'slack', 'T0CROSS'))!;
      const teamsWorkspace = (await findWorkspaceIdByInstallation(h.demo.db, 'teams', 'tenant-cross'))!;
      expect(new Set([slackWorkspace, teamsWorkspace, shellWorkspace, h.demo.workspaceId]).size).toBe(4);

      const slack = await dataOf(h.demo.db, slackWorkspace);
      const teams = await dataOf(h.demo.db, teamsWorkspace);
      const local = await dataOf(h.demo.db, shellWorkspace);
      expect(teams).toEqual(slack);
      expect(local).toEqual(slack);
      expect(slack).toMatchObject({
        eventCount: 7,
        activityCount: 1,
        deals: [
          { number: 1, stage: 'proposal', amountMinor: '6000000', nextStep: 'send the order form' },
          { number: 2, stage: 'negotiation' },
        ],
      });

      // The refused move was refused everywhere, in the same words.
      const refusal = /Lost needs a reason|reason/i;
      expect(slackAnswers[5]).toMatch(refusal);
      expect(teamsAnswers[5]).toMatch(refusal);
      expect(shellAnswers[5]).toMatch(refusal);
    });
  });
}
