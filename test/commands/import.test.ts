import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, snapshot, type DemoWorkspace } from '../support/workspace.js';
import { execute } from '../../src/commands/execute.js';
import { renderText } from '../../src/views/render/text.js';
import { runImportJob } from '../../src/jobs/import-runner.js';
import { createWorkspace } from '../../src/store/workspaces.js';

const SALESFORCE = 'test/fixtures/csv/salesforce-opportunities.csv';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/dealdesk import (${provider})`, () => {
    let demo: DemoWorkspace;
    beforeEach(async () => {
      demo = await demoWorkspace(provider);
    });
    afterEach(async () => {
      await demo.cleanup();
    });

    async function check(csv: string | Uint8Array, name = 'deals.csv') {
      const ctx = await demo.contextFor('dana');
      const content = typeof csv === 'string' ? new TextEncoder().encode(csv) : csv;
      const result = await execute('dealdesk import', { ...ctx, attachedFiles: () => Promise.resolve([{ name, content }]) });
      return { ...result, text: renderText(result.screen) };
    }

    it('dry-runs a Salesforce export, imports it, and a second import changes nothing', async () => {
      const before = await snapshot(demo.db, demo.workspaceId);
      const dry = await check(await readFile(SALESFORCE), 'sf.csv');
      expect(dry.text).toMatch(/would be created\s+12/);
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
      const job = await demo.db.importJob.findFirstOrThrow({ where: { workspaceId: demo.workspaceId } });
      const queued = await demo.run(`dealdesk import run ${job.id}`, 'dana');
      expect(queued.effects).toEqual([{ type: 'import_queued', importId: job.id }]);
      const again = await demo.run(`dealdesk import run ${job.id}`, 'dana');
      expect(again.effects ?? []).toEqual([]);
      const done = await runImportJob(demo.db, job.id, { workerId: 'test', now: demo.now });
      expect(done?.status).toBe('done');
      expect(done?.createdRows).toBe(12);
      const won = await demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, externalId: '0065g00000AbCdE1' } });
      expect(won.stage).toBe('won');
      expect(won.amountMinor).toBe(12_000_000n);
      expect(won.closeDate?.toISOString().slice(0, 10)).toBe('2026-09-15');
      const lost = await demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, externalId: '0065g00000AbCdE2' } });
      expect(lost.lostReason).toBe('Chose a competitor');
      const cny = await demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, externalId: '0065g00000AbCdF1' } });
      expect(cny.currency).toBe('CNY');
      const events = await demo.db.dealEvent.findMany({ where: { dealId: won.id }, orderBy: { at: 'asc' } });
      expect(events.map((e) => e.type)).toEqual(['created', 'stage_changed']);
      expect(events.every((e) => e.at < demo.now)).toBe(true);

      const afterFirst = await snapshot(demo.db, demo.workspaceId);
      const second = await check(await readFile(SALESFORCE), 'sf.csv');
      expect(second.text).toMatch(/unchanged \(nothing written\)\s+12/);
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(afterFirst);
    });

    it('lists bad rows by line and offers no Import button', async () => {
      const before = await snapshot(demo.db, demo.workspaceId);
      const dry = await check(
        [
          'Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date',
          'Good one,Acme,@alice,Prospecting,100,12/31/2026',
          'No owner,Acme,nobody@example.com,Prospecting,100,12/31/2026',
          'Future win,Acme,@alice,Closed Won,100,12/31/2026',
          'Lost without reason,Acme,@alice,Closed Lost,100,10/1/2026',
        ].join('\n'),
      );
      expect(dry.text).toContain('Line 3: no member with e-mail nobody@example.com');
      expect(dry.text).toContain('Line 4:');
      expect(dry.text).toContain('Line 5: a Lost deal needs a lost reason.');
      expect(dry.text).not.toContain('Import 1 rows');
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
    });

    it('refuses reps and run/cancel of another workspace’s id', async () => {
      const rep = await demo.run('dealdesk import', 'alice');
      expect(rep.text).toContain('Only an admin can import');
      const missing = await demo.run('dealdesk import run nope', 'dana');
      expect(missing.text).toContain('There is no import nope');
    });

    it('refuses run and cancel to a rep, and an import id of another workspace to its admin, changing no job', async () => {
      await check(await readFile(SALESFORCE), 'sf.csv');
      const job = await demo.db.importJob.findFirstOrThrow({ where: { workspaceId: demo.workspaceId } });
      for (const action of ['run', 'cancel']) {
        const rep = await demo.run(`dealdesk import ${action} ${job.id}`, 'alice');
        expect(rep.text).toContain('Only an admin can import');
        expect(rep.effects ?? []).toEqual([]);
        const manager = await demo.run(`dealdesk import ${action} ${job.id}`, 'mike');
        expect(manager.text).toContain('Only an admin can import');
      }
      expect((await demo.db.importJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('checked');

      const other = await createWorkspace(demo.db, { name: 'Other company' }, { platform: 'shell', externalTenantId: 'other' });
      const foreign = await demo.db.importJob.create({
        data: { workspaceId: other, fileName: 'theirs.csv', preset: 'salesforce', content: 'x', status: 'checked', totalRows: 1 },
      });
      for (const action of ['run', 'cancel']) {
        const admin = await demo.run(`dealdesk import ${action} ${foreign.id}`, 'dana');
        expect(admin.text).toContain(`There is no import ${foreign.id} in this workspace`);
        expect(admin.effects ?? []).toEqual([]);
      }
      expect((await demo.db.importJob.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe('checked');
    });

    it('resumes after a run that stopped after one batch', async () => {
      await check(await readFile(SALESFORCE), 'sf.csv');
      const job = await demo.db.importJob.findFirstOrThrow({ where: { workspaceId: demo.workspaceId } });
      await demo.run(`dealdesk import run ${job.id}`, 'dana');
      const stopped = await runImportJob(demo.db, job.id, { workerId: 'a', now: demo.now, batchSize: 5, stopAfterBatches: 1 });
      expect(stopped).toBeNull();
      const later = new Date(demo.now.getTime() + 10 * 60_000);
      const done = await runImportJob(demo.db, job.id, { workerId: 'b', now: later, batchSize: 5 });
      expect(done?.status).toBe('done');
      expect(await demo.db.deal.count({ where: { workspaceId: demo.workspaceId, externalId: { not: null } } })).toBe(12);
    });
  });
}
