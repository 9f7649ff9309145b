// The application icon: the beacon on a dark rounded square, drawn at any size (the 1024 px source in assets/).
import { drawBeacon } from './glyphs.js';
import { encodePng } from './png.js';
import { Raster, roundedRect, type Rgba } from './raster.js';

/** electron-builder derives .icns and .ico from a PNG of at least 1024 × 1024 (macOS) and 256 × 256 (Windows). */
export const APP_ICON_SOURCE_SIZE = 1024;

const TOP: Rgba = [30, 41, 59, 255];
const BOTTOM: Rgba = [15, 23, 42, 255];
const WHITE: Rgba = [248, 250, 252, 255];
const ALERT: Rgba = [239, 68, 68, 255];

/** The application icon at `size` × `size`, as PNG bytes. */
export function renderAppIcon(size: number = APP_ICON_SOURCE_SIZE): Buffer {
  const r = new Raster(size, size);
  const margin = size * 0.06; // macOS keeps a transparent margin around the tile
  const shade = (_x: number, y: number): Rgba => {
    const t = Math.min(1, Math.max(0, (y - margin) / (size - 2 * margin)));
    const mix = (k: 0 | 1 | 2): number => Math.round(TOP[k] + (BOTTOM[k] - TOP[k]) * t);
    return [mix(0), mix(1), mix(2), 255];
  };
  r.fill(roundedRect(margin, margin, size - margin, size - margin, size * 0.2), shade);
  drawBeacon(r, size / 2, size * 0.64, size * 0.9, { dot: ALERT, waves: [WHITE, WHITE, ALERT] });
  return encodePng(size, size, new Uint8Array(r.data.buffer));
}
