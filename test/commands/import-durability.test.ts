import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { execute } from '../../src/commands/execute.js';
import { renderText } from '../../src/views/render/text.js';
import { runImportJob } from '../../src/jobs/import-runner.js';
import { importResume, IMPORT_RESUME_JOB_NAME } from '../../src/jobs/import-resume.js';
import { JOBS } from '../../src/jobs/registry.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import { RecordingDeliverer } from '../../src/jobs/deliverers.js';
import { logger } from '../../src/logger.js';

const SALESFORCE = 'test/fixtures/csv/salesforce-opportunities.csv';
const MINUTE = 60_000;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/dealdesk import: resuming, requesters who left, the digest (${provider})`, () => {
    let demo: DemoWorkspace;
    beforeEach(async () => {
      demo = await demoWorkspace(provider);
    });
    afterEach(async () => {
      await demo.cleanup();
    });

    /** Dry run as Dana, then Import pressed: the job is queued, nobody runs it yet. */
    async function queue(name: string, content: Uint8Array, at = demo.now): Promise<string> {
      const ctx = await demo.contextFor('dana', at);
      await execute('dealdesk import', { ...ctx, attachedFiles: () => Promise.resolve([{ name, content }]) });
      // By its file: two checks made at the same instant (the test's fixed clock) have equal creation times.
      const job = await demo.db.importJob.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, fileName: name, status: 'checked' },
        orderBy: { createdAt: 'desc' },
      });
      const queued = await demo.run(`dealdesk import run ${job.id}`, 'dana', at);
      expect(queued.effects).toEqual([{ type: 'import_queued', importId: job.id }]);
      return job.id;
    }

    const tick = (at: Date, claimedBy: string, deliver: RecordingDeliverer) =>
      runDueJobs({ db: demo.db, now: at, jobs: [importResume], deliver, claimedBy, logger, clock: () => at });

    it('the resume job finishes an import whose worker stopped after one batch, once, however many runners tick', async () => {
      expect(JOBS.map((job) => job.name)).toContain(IMPORT_RESUME_JOB_NAME);
      const id = await queue('sf.csv', await readFile(SALESFORCE));
      const stopped = await runImportJob(demo.db, id, { workerId: 'dead', now: demo.now, batchSize: 5, stopAfterBatches: 1 });
      expect(stopped).toBeNull();
      expect(await demo.db.deal.count({ where: { workspaceId: demo.workspaceId, externalId: { not: null } } })).toBe(5);

      // Within the dead worker's lease nobody takes it over.
      const early = new RecordingDeliverer();
      expect((await tick(new Date(demo.now.getTime() + MINUTE), 'replica-1', early)).ran).toBe(0);

      const later = new Date(demo.now.getTime() + 10 * MINUTE);
      const [one, two] = [new RecordingDeliverer(), new RecordingDeliverer()];
      const summaries = await Promise.all([tick(later, 'replica-1', one), tick(later, 'replica-2', two)]);
      expect(summaries.map((s) => s.ran).reduce((a, b) => a + b)).toBe(1);
      const deliveries = [...one.deliveries, ...two.deliveries];
      expect(deliveries).toHaveLength(1);
      const dana = await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle: 'dana' } });
      expect(deliveries[0]?.target).toEqual({ workspaceId: demo.workspaceId, memberId: dana.id });
      expect(deliveries.flatMap((d) => d.screens.map(renderText)).join('\n')).toContain(
        'Imported sf.csv: 12 created, 0 updated, 0 unchanged.',
      );

      const job = await demo.db.importJob.findUniqueOrThrow({ where: { id } });
      expect([job.status, job.processedRows, job.createdRows]).toEqual(['done', 12, 12]);
      expect(await demo.db.deal.count({ where: { workspaceId: demo.workspaceId, externalId: { not: null } } })).toBe(12);
      // Each imported deal has its created event once: no batch was written twice.
      const created = await demo.db.dealEvent.count({
        where: { workspaceId: demo.workspaceId, type: 'created', deal: { externalId: { not: null } } },
      });
      expect(created).toBe(12);
      // Done: the next minutes find nothing to resume.
      expect((await tick(new Date(later.getTime() + MINUTE), 'replica-1', new RecordingDeliverer())).ran).toBe(0);
    });

    it('the resume job runs an import left queued by a process that died before taking it', async () => {
      const id = await queue('sf.csv', await readFile(SALESFORCE));
      // `queued` is judged by when the row last changed, which the database stamps with its own clock.
      const later = new Date(Date.now() + 10 * MINUTE);
      const deliver = new RecordingDeliverer();
      expect((await tick(later, 'replica-1', deliver)).ran).toBe(1);
      const job = await demo.db.importJob.findUniqueOrThrow({ where: { id } });
      expect([job.status, job.createdRows]).toEqual(['done', 12]);
      expect(deliver.deliveries).toHaveLength(1);
    });

    it('a job whose requester was deleted still writes quotas and rates, with no one named as having set them', async () => {
      const quotas = await queue('quotas.csv', await readFile('test/fixtures/csv/dealdesk-quotas.csv'));
      const rates = await queue('rates.csv', await readFile('test/fixtures/csv/dealdesk-rates.csv'));
      // What deleting Dana does to her jobs (onDelete: SetNull).
      await demo.db.importJob.updateMany({ where: { id: { in: [quotas, rates] } }, data: { requestedById: null } });
      for (const id of [quotas, rates]) {
        const done = await runImportJob(demo.db, id, { workerId: 'test', now: demo.now });
        expect([done?.status, done?.processedRows]).toEqual(['done', id === quotas ? 6 : 4]);
      }
      const team = await demo.db.team.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, name: 'East China' } });
      const quota = await demo.db.quota.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, scopeKey: `team:${team.id}`, periodKey: '2027-Q1' },
      });
      expect([quota.amountMinor, quota.currency, quota.setById]).toEqual([400_000_000n, 'CNY', null]);
      const jpy = await demo.db.exchangeRate.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, currency: 'JPY' } });
      expect([jpy.rate, jpy.setById]).toEqual(['0.006612', null]);
    });

    it('the next digest does not list imported deals as new, whether or not the file dates them; a deal logged by hand is', async () => {
      // Monday 10:00 in New York, after that morning's digest (08:30): the import and a deal logged by hand.
      const rows = [
        'account,title,owner,stage,amount,currency,close_date,created_at',
        'Imported Alpha Co,Imported undated deal,@alice,proposal,50000.00,USD,2026-12-20,',
        'Imported Beta Co,Imported deal created today,@carmen,qualified,20000.00,USD,2027-01-15,2026-11-23T14:30:00.000Z',
        'Imported Gamma Co,Imported old deal,@alice,negotiation,70000.00,USD,2026-12-31,2026-05-04T09:00:00.000Z',
      ];
      const id = await queue('deals.csv', new TextEncoder().encode(rows.join('\n')));
      const done = await runImportJob(demo.db, id, { workerId: 'test', now: demo.now });
      expect(done?.createdRows).toBe(3);
      const undated = await demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, title: 'Imported undated deal' } });
      // Dated when the file was checked: it was not in DealDesk before.
      expect(undated.createdAt.toISOString()).toBe(demo.now.toISOString());
      await demo.run('deal new Handmade Co 30k proposal Manual renewal', 'alice', new Date(demo.now.getTime() + 60 * MINUTE));

      // Tuesday 08:00 in New York: Mike's digest covers the changes since Monday 08:30.
      const digest = await demo.run('dealdesk digest now', 'mike', new Date('2026-11-24T13:00:00Z'));
      const start = digest.text.indexOf('Changes since');
      const changes = digest.text.slice(start, digest.text.indexOf('Slipping deals ·', start));
      expect(changes).toMatch(/New\s+1 deal · \$30,000\.00/);
      expect(changes).toContain('Manual renewal');
      expect(changes).not.toContain('Imported');
      // They are in the pipeline all the same.
      const shown = await demo.run('deal show Imported undated deal', 'mike', new Date('2026-11-24T13:00:00Z'));
      expect(shown.text).toContain('Imported Alpha Co — Imported undated deal');
    });
  });
}
