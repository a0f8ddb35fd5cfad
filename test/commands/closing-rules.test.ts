// Issue #11, "also found" and rule 4: a won or lost deal's close date becomes the day it closed for its
// owner, and every period report places it by that date; the forecast category follows the stage
// unless the owner set it by hand; the digest's "what changed" counts deals, not events.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { createdDealRef, demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { createMember } from '../../src/store/members.js';
import { findDealByNumber } from '../../src/store/deals.js';
import { winScreen } from '../../src/views/screens/win.js';
import { renderText } from '../../src/views/render/text.js';
import type { Screen } from '../../src/views/screen.js';

/** New Year's Eve 17:00 UTC: still Dec 31 in New York, already Jan 1 in Shanghai. */
const NEW_YEAR_EVE = new Date('2026-12-31T17:00:00Z');

/** The value of a fields block's field, as a reader sees it. */
function fieldValue(screen: Screen, label: string): string {
  for (const block of screen.blocks) {
    if (block.type !== 'fields') continue;
    const found = block.fields.find((f) => f.label === label);
    if (found) return found.value;
  }
  throw new Error(`no field "${label}" in:\n${renderText(screen)}`);
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`closing rules on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      await createMember(demo.db, demo.workspaceId, { name: 'Shan Rep', handle: 'shan', timeZone: 'Asia/Shanghai', locale: 'en' });
      await createMember(demo.db, demo.workspaceId, { name: 'York Rep', handle: 'york', timeZone: 'America/New_York', locale: 'en' });
    });
    afterAll(() => demo.cleanup());

    it("dates a win on the owner's day: Shanghai's New Year's Eve win counts in Q1, New York's in Q4", async () => {
      const shan = createdDealRef((await demo.run('/deal new Orient Trading 12345 proposal', 'shan')).text);
      const york = createdDealRef((await demo.run('/deal new Hudson Partners 23456 proposal', 'york')).text);

      const shanWon = await demo.run(`/deal move ${shan} won`, 'shan', NEW_YEAR_EVE);
      expect(shanWon.error).toBeUndefined();
      expect(fieldValue(shanWon.screen, 'Close date')).toBe('Jan 1, 2027');
      // A manager closing a rep's deal dates it on the rep's day, not their own.
      const yorkWon = await demo.run(`/deal move ${york} won`, 'dana', NEW_YEAR_EVE);
      expect(yorkWon.error).toBeUndefined();
      expect(fieldValue(yorkWon.screen, 'Close date')).toBe('Dec 31, 2026');

      const quota = async (handle: string, period: string) =>
        fieldValue((await demo.run(`/quota me ${period}`, handle, NEW_YEAR_EVE)).screen, 'Closed won');
      expect(await quota('shan', '2027-Q1')).toBe('$12,345.00 (1 deal)');
      expect(await quota('shan', '2026-Q4')).not.toContain('12,345');
      expect(await quota('york', '2026-Q4')).toBe('$23,456.00 (1 deal)');
      expect(await quota('york', '2027-Q1')).not.toContain('23,456');

      expect((await demo.run('/deal list me won', 'shan', NEW_YEAR_EVE)).text).toContain('Won · Jan 1, 2027');
      expect((await demo.run('/deal list me won', 'york', NEW_YEAR_EVE)).text).toContain('Won · Dec 31, 2026');
    });

    it('replaces an old close date by the day won, keeps the old one in the event, and shows the new one everywhere', async () => {
      const ref = createdDealRef((await demo.run('/deal new Lakeside Mills 34567 negotiation close 2027-01-15', 'york')).text);
      const won = await demo.run(`/deal move ${ref} won`, 'york', new Date('2026-12-01T15:00:00Z'));
      expect(fieldValue(won.screen, 'Close date')).toBe('Dec 1, 2026');
      expect((await demo.run(`/deal show ${ref}`, 'york', new Date('2026-12-02T15:00:00Z'))).text).toContain('Dec 1, 2026');
      const list = (await demo.run('/deal list me won', 'york', new Date('2026-12-02T15:00:00Z'))).text;
      expect(list).toContain('$34,567.00 · Won · Dec 1, 2026');
      expect(list).not.toContain('Jan 15, 2027');

      const number = Number(ref.slice(2));
      const deal = (await findDealByNumber(demo.db, demo.workspaceId, number)) ?? expect.unreachable('no deal');
      expect(renderText(winScreen(deal, 'en'))).toContain('Dec 1, 2026');
      const event = await demo.db.dealEvent.findFirstOrThrow({
        where: { dealId: deal.id, type: 'stage_changed' },
        orderBy: { at: 'desc' },
      });
      expect(event.before).toMatchObject({ closeDate: '2027-01-15' });
      expect(event.after).toMatchObject({ closeDate: '2026-12-01' });
    });

    it('dates a lost deal and a deal entered as won on the closing day too', async () => {
      const ref = createdDealRef((await demo.run('/deal new Pearl Harbour Foods 4567 proposal close 2027-02-20', 'shan')).text);
      const lost = await demo.run(`/deal move ${ref} lost budget cut`, 'shan', NEW_YEAR_EVE);
      expect(fieldValue(lost.screen, 'Close date')).toBe('Jan 1, 2027');
      const entered = await demo.run('/deal new Jade Gate 5678 won', 'shan', NEW_YEAR_EVE);
      expect(entered.error).toBeUndefined();
      expect(fieldValue(entered.screen, 'Close date')).toBe('Jan 1, 2027');
    });

    it('keeps the day typed for a past win logged now, and refuses a win dated in the future', async () => {
      const past = await demo.run('/deal new Amber Road 2345 won close 2026-12-15', 'shan', NEW_YEAR_EVE);
      expect(past.error).toBeUndefined();
      expect(fieldValue(past.screen, 'Close date')).toBe('Dec 15, 2026');
      const count = () => demo.db.deal.count({ where: { workspaceId: demo.workspaceId } });
      const before = await count();
      const future = await demo.run('/deal new Amber Road 2345 won close 2027-03-01', 'shan', NEW_YEAR_EVE);
      expect(future.error?.code).toBe('deal.won_close_future');
      expect(future.text).toContain('A won deal closed on or before today, not on 2027-03-01.');
      expect(await count()).toBe(before);
    });

    it('moves the forecast category with the stage unless the owner set it by hand', async () => {
      const auto = createdDealRef((await demo.run('/deal new Follow Stage Inc 10k qualified', 'alice')).text);
      const moved = await demo.run(`/deal move ${auto} proposal`, 'alice');
      expect(fieldValue(moved.screen, 'Forecast')).toBe('Best case');

      const manual = createdDealRef((await demo.run('/deal new By Hand Ltd 10k qualified', 'alice')).text);
      const later = new Date(demo.now.getTime() + 60_000);
      expect((await demo.run(`/deal update ${manual} category commit`, 'alice', later)).error).toBeUndefined();
      const kept = await demo.run(`/deal move ${manual} proposal`, 'alice', new Date(later.getTime() + 60_000));
      expect(fieldValue(kept.screen, 'Forecast')).toBe('Commit (set by hand)');
      const next = await demo.run(`/deal move ${manual} negotiation`, 'alice', new Date(later.getTime() + 120_000));
      expect(fieldValue(next.screen, 'Forecast')).toBe('Commit (set by hand)');
      // Chinese readers see the marker in Chinese.
      const card = await demo.run(`/deal show ${manual}`, 'jing.chen', new Date(later.getTime() + 180_000));
      expect(renderText(card.screen)).toContain('（手动设置）');
      // Closing sets the category from the outcome again; after reopening it follows the stage.
      await demo.run(`/deal move ${manual} won`, 'alice', new Date(later.getTime() + 240_000));
      const reopened = await demo.run(`/deal move ${manual} proposal`, 'dana', new Date(later.getTime() + 300_000));
      expect(reopened.error).toBeUndefined();
      expect(fieldValue(reopened.screen, 'Forecast')).toBe('Best case');
    });

    it("counts deals, not events, in the digest's changes: a deal moved twice and won twice is one deal", async () => {
      const create = async (line: string) => createdDealRef((await demo.run(line, 'alice')).text);
      const twice = await create('/deal new Twice Moved Co 11k qualified');
      const once = await create('/deal new Once Moved Co 22k qualified');
      const rewon = await create('/deal new Won Again Co 30k negotiation');
      // After Tuesday's 08:30 slot in New York (13:30 UTC), before the digest asked for at 14:00 UTC.
      const at = (hhmm: string) => new Date(`2026-12-15T${hhmm}:00Z`);
      for (const [line, handle, when] of [
        [`/deal move ${twice} needs analysis`, 'alice', at('13:35')],
        [`/deal move ${twice} proposal`, 'alice', at('13:37')],
        [`/deal move ${once} proposal`, 'alice', at('13:39')],
        [`/deal move ${rewon} won`, 'alice', at('13:41')],
        [`/deal move ${rewon} negotiation`, 'mike', at('13:43')],
        [`/deal update ${rewon} amount 40k`, 'alice', at('13:45')],
        [`/deal move ${rewon} won`, 'alice', at('13:47')],
      ] as const)
        expect((await demo.run(line, handle, when)).error).toBeUndefined();

      const digest = await demo.run('/dealdesk digest now', 'mike', at('14:00'));
      expect(digest.error).toBeUndefined();
      // The digest arrives as one joined screen: its "Changes since …" section runs from that header to the next.
      const start = digest.screen.blocks.findIndex((b) => b.type === 'header' && b.text.startsWith('Changes since'));
      expect(start, digest.text).toBeGreaterThan(-1);
      const rest = digest.screen.blocks.slice(start + 1);
      const end = rest.findIndex((b) => b.type === 'header');
      const changes: Screen = { ...digest.screen, blocks: end < 0 ? rest : rest.slice(0, end) };
      // Four moves into open stages (two, one, and the reopening) over three deals.
      expect(fieldValue(changes, 'Stage moves')).toBe('3 deals');
      expect(fieldValue(changes, 'Won')).toMatch(/^1 deal\b/);
      expect(fieldValue(changes, 'Won')).toContain('$40,000.00');
      expect(fieldValue(changes, 'Won')).not.toContain('$70,000.00');
      expect(fieldValue(changes, 'Amount changes')).toBe('1 deal');
    });
  });
}
