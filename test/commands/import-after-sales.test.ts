// A deal imported as Won gets its after-sales call-back, as one won with /deal move does, unless it fell due
// more than 7 days before the import: a CRM's history of old wins must not become a flood of overdue nudges.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { execute } from '../../src/commands/execute.js';
import { runImportJob } from '../../src/jobs/import-runner.js';
import { renderText } from '../../src/views/render/text.js';

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`after-sales call-backs of imported wins on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    async function importCsv(lines: readonly string[]): Promise<void> {
      const ctx = await demo.contextFor('dana');
      const content = new TextEncoder().encode(lines.join('\n'));
      const before = (await demo.db.importJob.findMany({ where: { workspaceId: demo.workspaceId }, select: { id: true } })).map(
        (j) => j.id,
      );
      const dry = await execute('dealdesk import', { ...ctx, attachedFiles: () => Promise.resolve([{ name: 'deals.csv', content }]) });
      expect(dry.error).toBeUndefined();
      const job = await demo.db.importJob.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, id: { notIn: before } } });
      await demo.run(`dealdesk import run ${job.id}`, 'dana');
      expect((await runImportJob(demo.db, job.id, { workerId: 'test', now: demo.now }))?.status).toBe('done');
    }

    const dueOf = async (title: string): Promise<string | null> => {
      const deal = await demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, title }, select: { id: true } });
      const followUp = await demo.db.afterSalesFollowUp.findUnique({ where: { dealId: deal.id }, select: { dueOn: true, ownerId: true } });
      return followUp ? followUp.dueOn.toISOString().slice(0, 10) : null;
    };

    it('schedules a call-back for imported wins due ahead or in the last 7 days, none for older ones and none for open deals', async () => {
      await demo.run('/dealdesk settings after-sales-days 30', 'dana');
      // Today is 2026-11-23.
      await importCsv([
        'Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date',
        'Recent win,Import Co,@alice,Closed Won,100,11/10/2026',
        'Win due last week,Import Co,@alice,Closed Won,100,10/20/2026',
        'Win due too long ago,Import Co,@alice,Closed Won,100,10/1/2026',
        'Open one,Import Co,@alice,Prospecting,100,12/31/2026',
      ]);
      expect(await dueOf('Recent win')).toBe('2026-12-10');
      expect(await dueOf('Win due last week')).toBe('2026-11-19');
      expect(await dueOf('Win due too long ago')).toBeNull();
      expect(await dueOf('Open one')).toBeNull();
    });

    it('schedules one when a re-import marks an open deal Won, and none twice when the same file comes again', async () => {
      const csv = (stage: string, date: string) => [
        'Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date',
        `Later win,Import Co,@alice,${stage},100,${date}`,
      ];
      await importCsv(csv('Prospecting', '12/31/2026'));
      expect(await dueOf('Later win')).toBeNull();
      await importCsv(csv('Closed Won', '11/20/2026'));
      expect(await dueOf('Later win')).toBe('2026-12-20');
      // The same file again: nothing to write, and still one call-back.
      const ctx = await demo.contextFor('dana');
      const content = new TextEncoder().encode(csv('Closed Won', '11/20/2026').join('\n'));
      const again = await execute('dealdesk import', { ...ctx, attachedFiles: () => Promise.resolve([{ name: 'deals.csv', content }]) });
      expect(renderText(again.screen)).toMatch(/unchanged \(nothing written\)\s+1/);
      expect(await demo.db.afterSalesFollowUp.count({ where: { workspaceId: demo.workspaceId, deal: { title: 'Later win' } } })).toBe(1);
    });
  });
