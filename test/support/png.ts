/**
 * PNG pixels for image tests without another dependency: resvg (which the charts use) draws an SVG
 * holding the PNG at its own size, which gives back the PNG's RGBA pixels.
 */
import { Resvg } from '@resvg/resvg-js';

export type Pixels = { width: number; height: number; rgba: Buffer };

/** Width and height from the PNG's IHDR chunk (bytes 16–23); throws if it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function decodePng(png: Buffer): Pixels {
  const { width, height } = pngSize(png);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}">` +
    `<image width="${width}" height="${height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { width: image.width, height: image.height, rgba: Buffer.from(image.pixels) };
}

/** Share of pixels that are not (nearly) white. */
export function inkedShare(pixels: Pixels): number {
  let inked = 0;
  for (let i = 0; i < pixels.rgba.length; i += 4)
    if ((pixels.rgba[i] ?? 255) < 235 || (pixels.rgba[i + 1] ?? 255) < 235 || (pixels.rgba[i + 2] ?? 255) < 235) inked++;
  return inked / (pixels.width * pixels.height);
}

/** Share of pixels whose colour differs by more than `threshold` (0–255) in any channel; 1 when sizes differ. */
export function differingShare(a: Pixels, b: Pixels, threshold = 48): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs((a.rgba[i + c] ?? 0) - (b.rgba[i + c] ?? 0)) > threshold) {
        differing++;
        break;
      }
    }
  }
  return differing / (a.width * a.height);
}
