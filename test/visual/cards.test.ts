// The visual reference (#16): one pipeline and one deal card per platform, in English and Chinese, drawn in
// headless Chromium (Teams: Microsoft's adaptivecards renderer; Slack: our HTML of Block Kit) and compared
// with the committed PNGs in test/visual/reference/. After a deliberate change, `npm run screenshots` draws
// them again; look at each before committing. Without /usr/bin/chromium the suite is skipped (.ci/run installs it).
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, hasChromium, screenshots, type Shot } from './browser.js';
import { compareWithReference } from './compare.js';
import { FAILURE_DIR, referencePath } from './paths.js';
import { visualViews } from './views.js';

const NAMES = ['pipeline', 'deal-card'].flatMap((screen) =>
  ['en', 'zh'].flatMap((language) => ['teams', 'slack'].map((platform) => `${platform}-${screen}-${language}`)),
);

const suite = hasChromium() ? describe : describe.skip;
const title = hasChromium() ? 'cards as screenshots' : `cards as screenshots — skipped: ${CHROMIUM_MISSING}`;

suite(title, () => {
  let shots: Shot[] = [];
  beforeAll(async () => {
    shots = await screenshots(await visualViews());
  });

  it('draws the eight views the reference has, and no other', () => {
    expect(shots.map((shot) => shot.name).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s looks like its reference', (name) => {
    const shot = shots.find((s) => s.name === name);
    expect(shot, `${name} was not drawn`).toBeDefined();
    const reference = referencePath(name);
    expect(existsSync(reference), `${reference} is missing: npm run screenshots draws it`).toBe(true);
    const comparison = compareWithReference(name, shot!.png, readFileSync(reference), FAILURE_DIR);
    expect(comparison.same ? '' : comparison.why).toBe('');
  });
});
