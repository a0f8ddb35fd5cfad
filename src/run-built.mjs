// Runs an entry point from the compiled build in dist/, so `npm start` and the operator commands start
// plain JavaScript instead of transpiling TypeScript in the process (`npm run dev` still uses tsx).
//
//   node scripts/run-built.mjs --build            compile what changed under src/ into dist/ (npm install runs this after generating the clients)
//   node scripts/run-built.mjs main [args…]       run dist/main.js with args, compiling first what changed under src/
//
// Each start compares the size and modification time of every source (the generated Prisma clients included)
// and both tsconfigs with what the last build recorded, a few milliseconds: a `git pull` or an edit without
// `npm install` still runs the code checked out, and only the files that changed are compiled again.
// Compiling only transpiles (the code is written for isolatedModules + verbatimModuleSyntax, so each file
// compiles alone); `npm run check` is where types are checked. Several starts at once compile once: the
// first takes a lock directory, the others wait for it and then run what it built.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const manifestFile = path.join(dist, '.build-manifest.json');
const lock = path.join(dist, '.build-lock');
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];
/** A lock older than this was left by a build that died; a build takes seconds. */
const STALE_LOCK_MS = 120_000;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function fingerprint(file) {
  const stat = statSync(file);
  return `${stat.mtimeMs}:${stat.size}`;
}

/** What a build depends on, as the file system says now. */
function currentState() {
  const files = {};
  for (const file of filesUnder(src)) {
    if (file.endsWith('.ts') && !file.endsWith('.d.ts')) files[path.relative(src, file)] = fingerprint(file);
  }
  return { configs: CONFIGS.map((name) => fingerprint(path.join(root, name))).join(' '), files };
}

function recordedState() {
  try {
    return JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function isCurrent(recorded, now) {
  if (!recorded || recorded.configs !== now.configs) return false;
  const names = Object.keys(now.files);
  return names.length === Object.keys(recorded.files).length && names.every((name) => recorded.files[name] === now.files[name]);
}

class TypeScriptMissing extends Error {}

/** src/store/db.ts → dist/store/db.js */
const outputOf = (relative) => path.join(dist, relative.replace(/\.ts$/, '.js'));

/**
 * Compiles the sources that changed since the last build (all of them when a tsconfig changed; `rm -rf dist` for a
 * clean build), deletes outputs whose source is gone.
 */
function build() {
  let ts;
  try {
    ts = createRequire(import.meta.url)('typescript');
  } catch {
    throw new TypeScriptMissing('Cannot build dist/: TypeScript is not installed. Run `npm install` (without --omit=dev).');
  }
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  // Every file is an ES module ("type": "module"), which a file compiled alone cannot tell NodeNext.
  const compilerOptions = { ...parsed.options, module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler };
  // Read before compiling: a file edited while this runs differs from the record and is compiled next time.
  const now = currentState();
  const recorded = recordedState();
  const reuse = recorded?.configs === now.configs;
  for (const [relative, print] of Object.entries(now.files)) {
    const output = outputOf(relative);
    if (reuse && recorded.files[relative] === print && statSync(output, { throwIfNoEntry: false })) continue;
    const source = path.join(src, relative);
    const { outputText, diagnostics = [] } = ts.transpileModule(readFileSync(source, 'utf8'), {
      compilerOptions,
      fileName: source,
      reportDiagnostics: true,
    });
    const error = diagnostics.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    if (error) throw new Error(`src/${relative}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
    mkdirSync(path.dirname(output), { recursive: true });
    writeAtomically(output, outputText);
  }
  const outputs = new Set(Object.keys(now.files).map(outputOf));
  for (const file of filesUnder(dist)) if (file.endsWith('.js') && !outputs.has(file)) rmSync(file);
  writeAtomically(manifestFile, `${JSON.stringify(now)}\n`);
}

/** A reader sees the old file or the new one, never half of one. */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds unless dist/ is current; with several starts at once, one builds and the others wait. */
function ensureBuilt() {
  if (isCurrent(recordedState(), currentState())) return;
  mkdirSync(dist, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    if (!isCurrent(recordedState(), currentState())) build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const [entry, ...args] = process.argv.slice(2);
try {
  if (entry === '--build') {
    ensureBuilt();
  } else if (!entry) {
    throw new Error('usage: node scripts/run-built.mjs --build | <entry under src/, e.g. main> [args…]');
  } else {
    ensureBuilt();
    const file = outputOf(`${entry}.ts`);
    // The entry sees the arguments it would see if started as `node dist/<entry>.js args…`.
    process.argv.splice(1, process.argv.length - 1, file, ...args);
    await import(pathToFileURL(file).href);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  // `npm install --omit=dev` still installs: a dist/ built elsewhere and copied in runs without TypeScript.
  process.exit(entry === '--build' && error instanceof TypeScriptMissing ? 0 : 1);
}
