// The layer rules of src/, checked by `npm run lint:layers` and by test/layers.test.ts (so `npm test` fails
// on a violation). They are the README's folder map written down: each floor uses only the floors below it,
//   main → server → adapters → jobs → commands → views → store → config → domain → i18n
// and on top of that: domain/ is pure, only store/ touches the database clients, only adapters/ and
// server/ touch the chat SDKs, and no two folders import each other.

/** The files npm scripts start (package.json): composition roots, which may use every floor. */
const ENTRY_SCRIPTS = [
  '^src/main\\.ts$',
  '^src/run-jobs\\.ts$',
  '^src/store/migrate-cli\\.ts$',
  '^src/store/secrets-cli\\.ts$',
  '^src/adapters/teams/package-app\\.ts$',
];

/** Top to bottom. `config/` (environment parsing) and `logger.ts` sit under store/, which uses them. */
const FLOORS = [
  { name: 'server', path: '^src/server/' },
  { name: 'adapters', path: '^src/adapters/' },
  { name: 'jobs', path: '^src/jobs/' },
  { name: 'commands', path: '^src/commands/' },
  { name: 'views', path: '^src/views/' },
  { name: 'store', path: '^src/store/' },
  { name: 'config', path: '^src/(config/|logger\\.ts$)' },
  { name: 'domain', path: '^src/domain/' },
  { name: 'i18n', path: '^src/i18n/' },
];

/** Anything that opens a database: Prisma, its generated clients and the drivers under them. */
const DATABASE_CLIENTS = [
  '(^|/)node_modules/(@prisma/|prisma/|\\.prisma/|pg/|better-sqlite3/|@types/pg/|@types/better-sqlite3/)',
  '^src/store/generated/',
];

const CHAT_SDKS = '(^|/)node_modules/(@slack/|@microsoft/|botbuilder)';

const floorRules = FLOORS.slice(1).map((floor, index) => {
  const above = FLOORS.slice(0, index + 1);
  return {
    name: `layer-${floor.name}-imports-only-lower-floors`,
    comment:
      `${floor.name} may use only the floors below it (main → server → adapters → jobs → commands → views → store → config → domain → i18n); ` +
      `it must not import ${above.map((f) => f.name).join(', ')} or an entry script. Move the shared code down to the lowest floor that needs it.`,
    severity: 'error',
    from: { path: floor.path, pathNot: ENTRY_SCRIPTS },
    to: { path: [...above.map((f) => f.path), ...ENTRY_SCRIPTS] },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...floorRules,
    {
      name: 'entry-scripts-are-imported-by-nobody',
      comment:
        'main.ts, run-jobs.ts, store/migrate-cli.ts, store/secrets-cli.ts and adapters/teams/package-app.ts start a process: they compose the floors and are never imported (their code would run on import).',
      severity: 'error',
      from: {},
      to: { path: ENTRY_SCRIPTS },
    },
    {
      name: 'domain-imports-only-i18n-locale',
      comment: 'domain/ is pure TypeScript: of our code it may import only other domain/ modules and i18n/locale.ts.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/i18n/locale\\.ts$'] },
    },
    {
      name: 'only-store-imports-prisma',
      comment:
        'Only store/ may import Prisma, the generated clients or the database drivers (@prisma/*, prisma, src/store/generated, pg, better-sqlite3). Elsewhere, call a named store/ function.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: DATABASE_CLIENTS },
    },
    {
      name: 'only-adapters-and-server-import-chat-sdks',
      comment:
        'Only adapters/ and server/ may import a chat SDK (@slack/*, @microsoft/*, botbuilder*): the rest of the code does not know which platforms exist.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/adapters/', '^src/server/', '^src/views/render/'] },
      to: { path: CHAT_SDKS },
    },
    {
      name: 'renderers-import-no-chat-sdk-but-slack-types',
      comment:
        'views/render/ may import @slack/types (type definitions, no runtime) to check Block Kit at compile time, and no other chat SDK.',
      severity: 'error',
      from: { path: '^src/views/render/' },
      to: { path: CHAT_SDKS, pathNot: '(^|/)node_modules/@slack/types/' },
    },
    {
      name: 'renderers-import-slack-types-as-types-only',
      comment: 'views/render/ imports @slack/types with `import type` only, so no chat SDK code is loaded outside adapters/ and server/.',
      severity: 'error',
      from: { path: '^src/views/render/' },
      to: { path: CHAT_SDKS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No two folders import each other, directly or round a loop: a folder cycle makes the floors meaningless.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'An import that resolves to nothing is a typo or a file moved without its importers.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Seen as import targets but not cruised further: packages; the generated Prisma clients (so that
    // only-store-imports-prisma sees who imports them); and the entry scripts, which compose every floor.
    doNotFollow: { path: ['node_modules', '^src/store/generated/', ...ENTRY_SCRIPTS] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
