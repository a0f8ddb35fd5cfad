// How long what users wait for takes on the 200-deal demo workspace (SQLite): answering the common
// commands end to end (parse, query, build the screen) and rendering screens for each surface.
// Run with `npm run bench`; numbers are for comparison between changes, not pass/fail.
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { freshDatabase } from '../support/databases.js';
import { seedDemoWorkspace } from '../../src/store/demo-seed.js';
import type { CommandContext } from '../../src/commands/context.js';
import { execute } from '../../src/commands/execute.js';
import { renderText } from '../../src/views/render/text.js';
import { renderMessage } from '../../src/views/render/block-kit.js';
import { renderCard } from '../../src/views/render/adaptive-card.js';
import type { Screen } from '../../src/views/screen.js';

let demo: DemoWorkspace | undefined;
let manager: CommandContext;
let rep: CommandContext;
let pipeline: Screen;

beforeAll(async () => {
  demo = await demoWorkspace('sqlite');
  manager = await demo.contextFor('mike');
  rep = await demo.contextFor('alice');
  pipeline = (await execute('pipeline all', manager)).screen;
});
afterAll(() => demo?.cleanup());

const more = (n: number) => `and ${n} more`;

describe('commands on the demo workspace', () => {
  bench('pipeline (team)', async () => {
    await execute('pipeline', manager);
  });
  bench('quota (team, this quarter)', async () => {
    await execute('quota', manager);
  });
  bench('forecast (team)', async () => {
    await execute('forecast', manager);
  });
  bench('deal list (mine)', async () => {
    await execute('deal list', rep);
  });
  bench('deal show by fragment', async () => {
    await execute('deal show atlas security', rep);
  });
  bench('digest now (manager)', async () => {
    await execute('dealdesk digest now', manager);
  });
});

describe('rendering a pipeline screen', () => {
  bench('plain text', () => {
    renderText(pipeline);
  });
  bench('Block Kit', () => {
    renderMessage(pipeline, { moreText: more });
  });
  bench('Adaptive Card', () => {
    renderCard(pipeline, { moreText: more });
  });
});

describe('demo workspace', () => {
  bench(
    'fresh database + demo seed (200 deals)',
    async () => {
      const fresh = await freshDatabase('sqlite');
      try {
        await seedDemoWorkspace(fresh.db, { now: new Date('2026-11-20T15:00:00Z') });
      } finally {
        await fresh.cleanup();
      }
    },
    { iterations: 3 },
  );
});
