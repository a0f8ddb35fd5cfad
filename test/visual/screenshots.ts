// `npm run screenshots`: renders the visual reference (test/visual/reference/*.png) again, for after a
// deliberate change to a renderer or a screen. Look at every PNG before committing it.
import { writeFileSync } from 'node:fs';
import { CHROMIUM_MISSING, hasChromium, screenshots } from './browser.js';
import { REFERENCE_DIR, referencePath } from './paths.js';
import { visualViews } from './views.js';

if (!hasChromium()) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}
for (const shot of await screenshots(await visualViews())) {
  writeFileSync(referencePath(shot.name), shot.png);
  console.log(`wrote ${referencePath(shot.name)}`);
}
console.log(`Look at each PNG in ${REFERENCE_DIR} before committing them.`);
