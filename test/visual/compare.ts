// A screenshot against its reference PNG: pixelmatch, which ignores anti-aliased pixels, plus a small share of
// pixels allowed to differ (glyph edges move a little between Chromium builds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** Colour distance pixelmatch treats as equal (0–1); 0.1 is its default. */
const COLOUR_THRESHOLD = 0.1;
/** Share of pixels that may differ after anti-aliasing is discounted. */
export const MAX_DIFFERING_SHARE = 0.002;

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
  const share = differing / (a.width * a.height);
  if (share <= MAX_DIFFERING_SHARE) return { same: true };
  const diffPath = join(failureDir, `${name}.diff.png`);
  writeFileSync(actualPath, actual);
  writeFileSync(diffPath, PNG.sync.write(diff));
  return {
    same: false,
    why: `${name}: ${differing} pixels differ (${(share * 100).toFixed(2)} %, at most ${MAX_DIFFERING_SHARE * 100} % allowed); see ${actualPath} and ${diffPath}`,
  };
}
