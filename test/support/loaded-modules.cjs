// Preloaded with `node --require` by test/server/platform-modules.test.ts: on exit, writes the paths of
// every CommonJS module the process loaded (Bolt and the Teams SDK are CommonJS) to LOADED_MODULES_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache)));
});
