// The beacon mark shared by the app and tray icons, and a 3×5 pixel font for the tray's count badge.
import { around, circle, halfPlane, intersect, ring, type Raster, type Rgba } from './raster.js';

/** Draws the beacon (a dot with one wave per colour, opening upwards) with its dot at (cx, cy), for a mark `size` wide. */
export function drawBeacon(r: Raster, cx: number, cy: number, size: number, colors: { dot: Rgba; waves: readonly Rgba[] }): void {
  r.fill(circle(cx, cy, size * 0.1), colors.dot, around(cx, cy, size * 0.1));
  // Waves: rings clipped to the wedge above the dot, between the two diagonals 50° off vertical.
  const wedge = intersect(halfPlane(cx, cy, -0.84, -1), halfPlane(cx, cy, 0.84, -1));
  colors.waves.forEach((color, k) => {
    const radius = size * (0.22 + 0.13 * k);
    const width = size * 0.065;
    r.fill(intersect(ring(cx, cy, radius, width), wedge), color, around(cx, cy, radius + width));
  });
}

/** Rows of each glyph, 3 pixels wide (bit 2 = left column). */
const FONT: Readonly<Record<string, readonly number[]>> = {
  '0': [7, 5, 5, 5, 7], '1': [2, 6, 2, 2, 7], '2': [7, 1, 7, 4, 7], '3': [7, 1, 7, 1, 7], '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7], '6': [7, 4, 7, 5, 7], '7': [7, 1, 2, 2, 2], '8': [7, 5, 7, 5, 7], '9': [7, 5, 7, 1, 7],
  '+': [0, 2, 7, 2, 0],
};

export const GLYPH = { width: 3, height: 5, gap: 1 } as const;

/** Draws `text` (digits and `+`) with its top-left at (x, y), each font pixel `scale` pixels square. */
export function drawText(r: Raster, text: string, x: number, y: number, scale: number, color: Rgba): void {
  [...text].forEach((ch, k) => {
    const rows = FONT[ch];
    if (!rows) throw new Error(`no glyph for ${JSON.stringify(ch)}`);
    const left = x + k * (GLYPH.width + GLYPH.gap) * scale;
    rows.forEach((bits, row) => {
      for (let col = 0; col < GLYPH.width; col++) {
        if (bits & (1 << (GLYPH.width - 1 - col))) r.fillRect(left + col * scale, y + row * scale, scale, scale, color);
      }
    });
  });
}

/** Width in pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * (GLYPH.width + GLYPH.gap) - GLYPH.gap) * scale;
}
