// Preloaded with `node --import` by test/server/platform-modules.test.ts: on exit, writes the paths of
// every CommonJS module the process loaded (Bolt and the Teams SDK are CommonJS) to LOADED_MODULES_FILE.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const loaded = createRequire(import.meta.url).cache;

process.on('exit', () => {
  writeFileSync(String(process.env.LOADED_MODULES_FILE), JSON.stringify(Object.keys(loaded)));
});
