// What "Share to channel" offers and runs (commands/share.ts), on SQLite and PostgreSQL: reports and cards
// offer it, a write never does (a deal card is shared as deal show, /account only when it shows); a share
// runs as the presser in the workspace's language, names them, and refuses a write without writing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execute } from '../../src/commands/execute.js';
import { shareAnswer, withShareOffer } from '../../src/commands/share.js';
import { renderText } from '../../src/views/render/text.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { createdDealRef, demoWorkspace, snapshot, type DemoWorkspace } from '../support/workspace.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Share to channel on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    const offered = async (line: string, handle: string) => {
      const ctx = await demo.contextFor(handle);
      return (await withShareOffer(line, await execute(line, ctx), ctx)).share;
    };

    it('offers reports and cards as a command that only reads, and nothing that writes', async () => {
      expect(await offered('pipeline team', 'mike')).toMatchObject({ id: 'share', label: 'Share to channel', command: 'pipeline team' });
      expect((await offered('account "Acme Robotics"', 'dana'))?.command).toBe('account "Acme Robotics"');
      const created = await demo.run('deal new Share Offer Co 5k lead', 'alice');
      const ref = createdDealRef(created.text);
      expect((await offered(`deal move ${ref} qualified`, 'alice'))?.command).toBe(`deal show ${ref}`);
      expect(await offered('account "Acme Robotics" contact add Zed Share', 'dana')).toBeUndefined();
      for (const line of ['dealdesk help', 'dealdesk settings', 'pipeline @carmen', 'deal show robotics'])
        expect(await offered(line, 'alice')).toBeUndefined();
      expect((await offered('pipeline', 'wei.zhang'))?.label).toBe('分享到频道');
    });

    it('runs a share as the presser, in the workspace’s language, and names them', async () => {
      const shared = await shareAnswer('pipeline', await demo.contextFor('wei.zhang'));
      expect(shared.error).toBeUndefined();
      const text = renderText(shared.screen);
      expect(text).toContain('Pipeline');
      expect(text).not.toContain('管道');
      expect(text.split('\n').at(-1)).toBe('  Shared by 张伟');
    });

    it('refuses someone else’s report in the presser’s language, and a write without writing', async () => {
      const others = await shareAnswer('pipeline @carmen', await demo.contextFor('wei.zhang'));
      expect(others.error?.code).toBe('pipeline.forbidden');
      expect(others.error?.message).toContain('请输入 /pipeline me');
      const before = await snapshot(demo.db, demo.workspaceId);
      for (const line of ['deal new Sneaky Co 1k lead', 'account "Acme Robotics" contact add Zed Sneaky', 'quota set alice 1k']) {
        const refused = await shareAnswer(line, await demo.contextFor('dana'));
        expect(refused.error?.message).toBe(
          'Only reports and deal cards can be shared to a channel. Type the report again, e.g. /pipeline, and press Share to channel on its answer.',
        );
      }
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
    });
  });
}
