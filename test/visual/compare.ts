// A screenshot against its reference PNG: pixelmatch, which ignores anti-aliased pixels (glyph edges move a
// little between Chromium builds), plus a few pixels allowed to differ, too few for a changed character to pass.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** Colour distance pixelmatch treats as equal (0–1); 0.1 is its default. */
const COLOUR_THRESHOLD = 0.1;
/** Pixels that may differ after anti-aliasing is discounted (a digit at 14 px changes dozens). */
const MAX_DIFFERING_PIXELS = 8;

export type Comparison = { same: true } | { same: false; why: string };

/**
 * Compares `actual` with `reference`; when they differ, writes `<name>.actual.png` and (same size only)
 * `<name>.diff.png` into `failureDir` and names them in `why`.
 */
export function compareWithReference(name: string, actual: Buffer, reference: Buffer, failureDir: string): Comparison {
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(reference);
  mkdirSync(failureDir, { recursive: true });
  const actualPath = join(failureDir, `${name}.actual.png`);
  if (a.width !== b.width || a.height !== b.height) {
    writeFileSync(actualPath, actual);
    return { same: false, why: `${name}: ${a.width}×${a.height} px, the reference is ${b.width}×${b.height} px; see ${actualPath}` };
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const differing = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: COLOUR_THRESHOLD });
  if (differing <= MAX_DIFFERING_PIXELS) return { same: true };
  const diffPath = join(failureDir, `${name}.diff.png`);
  writeFileSync(actualPath, actual);
  writeFileSync(diffPath, PNG.sync.write(diff));
  return {
    same: false,
    why: `${name}: ${differing} pixels differ (at most ${MAX_DIFFERING_PIXELS} may); see ${actualPath} and ${diffPath}`,
  };
}
