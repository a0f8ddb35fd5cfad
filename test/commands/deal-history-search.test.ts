import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { createdDealRef, demoWorkspace, FIXED_NOW, type DemoWorkspace } from '../support/workspace.js';
import { actionsOf, type Screen } from '../../src/views/screen.js';
import { createDeal } from '../../src/store/deals.js';

const minutes = (n: number) => new Date(FIXED_NOW.getTime() + n * 60_000);

/** The titles of the screen's items, top to bottom. */
const itemTitles = (screen: Screen) =>
  screen.blocks.flatMap((block) => (block.type === 'items' ? block.items.map((item) => item.title) : []));

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/deal history and /deal search on ${provider}`, () => {
    let demo: DemoWorkspace;
    let clock = 0;
    /** Runs a line a minute after the previous one, so the history's order is the order typed. */
    const step = (line: string, handle = 'alice') => demo.run(line, handle, minutes(++clock));
    const searchRefs = async (query: string, handle = 'alice') => {
      const { screen } = await demo.run(`/deal search ${query}`, handle, minutes(clock));
      expect(screen.kind).toBe('deal_search');
      return itemTitles(screen).map((title) => title.split(' ')[0]);
    };

    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    it('shows a deal’s changes newest first, each from what to what, by whom, in the reader’s zone', async () => {
      const ref = createdDealRef((await step('/deal new Quokkaworks 50k proposal close 2026-12-20 Quokka platform')).text);
      await step(`/deal move ${ref} negotiation`);
      await step(`/deal update ${ref} amount 60k`);
      await step(`/deal update ${ref} close 2027-01-10`);
      await step(`/deal update ${ref} next "Send the contract"`);
      await step(`/deal note ${ref} call: budget confirmed by the CFO`);
      const { screen, text } = await demo.run(`/deal history ${ref}`, 'mike', minutes(clock));
      expect(screen.kind).toBe('deal_history');
      expect(itemTitles(screen)).toEqual([
        'Call: budget confirmed by the CFO',
        'Next step: (none) → Send the contract',
        'Close date: Dec 20, 2026 → Jan 10, 2027',
        'Amount: $50,000.00 → $60,000.00',
        'Stage: Proposal → Negotiation',
        'Created in Proposal at $50,000.00',
      ]);
      expect(text).toContain('Alice Carter · Nov 23, 2026');
      // The deal card's buttons come with it, and no "More" on a single page.
      const ids = actionsOf(screen).map((action) => action.id);
      expect(ids).toEqual(expect.arrayContaining(['deal.show', 'deal.move', 'deal.note', 'deal.won', 'deal.lost']));
      expect(ids).not.toContain('page.next');
      expect(text).toContain('1–6 of 6 changes');
    });

    it('speaks the reader’s language (zh-CN) with the same changes', async () => {
      const ref = createdDealRef((await step('/deal new Wombat Labs 20k proposal close 2026-12-20 Pilot')).text);
      await step(`/deal update ${ref} amount 25k`);
      await step(`/deal move ${ref} lost budget cut`);
      await demo.run('/dealdesk language zh', 'brian');
      const { screen } = await demo.run(`/deal history ${ref}`, 'brian', minutes(clock));
      const titles = itemTitles(screen);
      expect(titles[0]).toMatch(/^阶段：.+ → .+（原因：budget cut）$/);
      expect(titles[1]).toBe('金额：US$20,000.00 → US$25,000.00');
      expect(titles[2]).toMatch(/^创建：/);
      expect(screen.title).toContain('的历史');
    });

    it('pages 15 changes at a time with a More button carrying the next page', async () => {
      const ref = createdDealRef((await step('/deal new Pangolin Freight 10k proposal close 2026-12-20 Fleet')).text);
      for (let i = 1; i <= 19; i++) await step(`/deal note ${ref} follow-up number ${i}`);
      const first = await demo.run(`/deal history ${ref}`, 'alice', minutes(clock));
      expect(itemTitles(first.screen)).toHaveLength(15);
      expect(itemTitles(first.screen)[0]).toBe('Note: follow-up number 19');
      const more = actionsOf(first.screen).find((action) => action.id === 'page.next');
      expect(more?.command).toBe(`deal history ${ref} page 2`);
      const second = await demo.run(`/${more?.command ?? ''}`, 'alice', minutes(clock));
      expect(itemTitles(second.screen)).toEqual([
        'Note: follow-up number 4',
        'Note: follow-up number 3',
        'Note: follow-up number 2',
        'Note: follow-up number 1',
        'Created in Proposal at $10,000.00',
      ]);
      expect(second.text).toContain('16–20 of 20 changes');
      expect(actionsOf(second.screen).map((action) => action.id)).not.toContain('page.next');
    });

    it('refuses bad input with one sentence saying what to type, and writes nothing', async () => {
      const before = await demo.db.dealEvent.count({ where: { workspaceId: demo.workspaceId } });
      expect((await demo.run('/deal history D-99999')).text).toContain('D-99999');
      expect((await demo.run('/deal history')).text).toContain('D-42');
      expect((await demo.run('/deal history D-1 page zero')).text).toContain('/deal history D-42 page 2');
      expect((await demo.run('/deal search')).text).toContain('/deal search acme');
      expect((await demo.run('/deal search ?!')).text).toContain('/deal search acme');
      expect((await demo.run(`/deal search ${'x'.repeat(65)}`)).text).toContain('at most 64 characters');
      expect((await demo.run('/deal search', 'wei.zhang')).text).toContain('请在 /deal search 后输入');
      expect(await demo.db.dealEvent.count({ where: { workspaceId: demo.workspaceId } })).toBe(before);
    });

    describe('search', () => {
      const refs: Record<string, string> = {};
      beforeAll(async () => {
        refs.title = createdDealRef((await step('/deal new Harbor Supply 40k proposal close 2026-12-20 Zephyrine retrofit')).text);
        refs.note = createdDealRef((await step('/deal new Nimbus Ltd 30k proposal close 2026-12-20 Cloud move')).text);
        await step(`/deal note ${refs.note} meeting: they compared us with zephyrine offers`);
        refs.account = createdDealRef((await step('/deal new Marmotte Industries 15k proposal close 2026-12-20 Boilers')).text);
        refs.next = createdDealRef((await step('/deal new Ibex Partners 12k proposal close 2026-12-20 Licences')).text);
        await step(`/deal update ${refs.next} next "Book the kestrelday workshop"`);
        refs.zh = createdDealRef((await step('/deal new 华为技术 80k proposal close 2026-12-20 云平台扩容')).text);
        // Carmen's deal: Alice (a rep) may not find it; Mike (their manager) may.
        refs.carmen = createdDealRef((await step('/deal new Zephyrine Holdings 5k proposal close 2026-12-20 Second site', 'carmen')).text);
      });

      it('finds by account, title, note text, next step and a Chinese word', async () => {
        expect(await searchRefs('marmotte')).toEqual([refs.account]);
        expect(await searchRefs('kestrelday')).toEqual([refs.next]);
        expect(await searchRefs('华为')).toEqual([refs.zh]);
        expect(await searchRefs('扩容')).toEqual([refs.zh]);
        expect(await searchRefs('云平台')).toEqual([refs.zh]);
        expect(await searchRefs('compared offers')).toEqual([refs.note]);
      });

      it('ranks a title match above a note match, and shows each deal’s card buttons', async () => {
        const { screen } = await demo.run('/deal search zephyrine', 'alice', minutes(clock));
        expect(itemTitles(screen).map((title) => title.split(' ')[0])).toEqual([refs.title, refs.note]);
        const commands = actionsOf(screen).map((action) => action.command);
        for (const ref of [refs.title, refs.note]) {
          expect(commands).toContain(`deal show ${ref ?? ''}`);
          expect(commands).toContain(`deal move ${ref ?? ''}`);
          expect(commands).toContain(`deal history ${ref ?? ''}`);
        }
      });

      it('returns only the deals the searcher may see: not another rep’s, not another workspace’s', async () => {
        expect(await searchRefs('zephyrine', 'alice')).not.toContain(refs.carmen);
        expect(await searchRefs('zephyrine', 'carmen')).toEqual([refs.carmen]);
        expect(await searchRefs('zephyrine', 'mike')).toEqual(expect.arrayContaining([refs.title, refs.note, refs.carmen]));
        const other = await demo.db.workspace.create({ data: { name: 'Elsewhere' }, select: { id: true } });
        const owner = await demo.db.member.create({ data: { workspaceId: other.id, name: 'Olga', handle: 'olga', role: 'admin' } });
        await createDeal(demo.db, {
          workspaceId: other.id,
          actorId: owner.id,
          ownerId: owner.id,
          accountName: 'Zephyrine Elsewhere',
          amountMinor: 100,
          currency: 'USD',
          stage: 'proposal',
          forecastCategory: 'pipeline',
          closeDate: null,
          title: 'Not yours',
          sourceChannel: 'direct',
          closedAt: null,
          now: FIXED_NOW,
        });
        expect(await searchRefs('zephyrine', 'dana')).toEqual(expect.arrayContaining([refs.title, refs.note, refs.carmen]));
        const { text } = await demo.run('/deal search zephyrine', 'dana', minutes(clock));
        expect(text).not.toContain('Elsewhere');
      });

      it('finds deals created, renamed and noted after the migration (the triggers keep the index in step)', async () => {
        const ref = createdDealRef((await step('/deal new Okapi Foods 9k proposal close 2026-12-20 Cold chain')).text);
        expect(await searchRefs('okapi')).toEqual([ref]);
        await step(`/deal note ${ref} email: asked about refrigerated wombatvans`);
        expect(await searchRefs('wombatvans')).toEqual([ref]);
        await step(`/deal update ${ref} next "Visit the depot"`);
        expect(await searchRefs('depot')).toEqual([ref]);
        const deal = await demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, number: Number(ref.slice(2)) } });
        await demo.db.account.update({ where: { id: deal.accountId }, data: { name: 'Okapi Provisions' } });
        expect(await searchRefs('provisions')).toEqual([ref]);
        expect(await searchRefs('no such thing anywhere')).toEqual([]);
      });
    });
  });
}
