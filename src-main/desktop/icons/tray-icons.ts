// Tray icons: the beacon coloured by urgency, with a badge counting unacknowledged P0/P1 incidents.
import { drawBeacon, drawText, GLYPH, textWidth } from './glyphs.js';
import { encodePng } from './png.js';
import { Raster, roundedRect, type Rgba } from './raster.js';

/** `idle`: nothing waiting; `urgent`: unacknowledged P1s; `critical`: at least one unacknowledged P0. */
export type TrayLevel = 'idle' | 'urgent' | 'critical';

/** Tray icons are drawn at 32 px (16 pt at 2×); platforms scale them down. */
export const TRAY_ICON_SIZE = 32;

export const TRAY_COLORS: Readonly<Record<TrayLevel, Rgba>> = {
  idle: [148, 156, 168, 255],
  urgent: [245, 158, 11, 255],
  critical: [220, 38, 38, 255],
};
const BADGE_TEXT: Rgba = [255, 255, 255, 255];
/** Outline separating the badge from the beacon under it. */
const BADGE_OUTLINE: Rgba = [17, 20, 24, 255];
/** More waves the more urgent, so the levels differ in shape, not only in colour. */
const WAVES: Readonly<Record<TrayLevel, number>> = { idle: 1, urgent: 2, critical: 3 };

/** What the badge says: nothing at 0, the count up to 9, then `9+`. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 9 ? '9+' : String(count);
}

/** The mark of a degraded notification channel: a yellow warning disc with a dark "!" (top left). */
const WARNING: Rgba = [250, 204, 21, 255];

function drawWarning(r: Raster, size: number): void {
  const d = size * 0.44;
  r.fill(roundedRect(-0.5, -0.5, d + 1.5, d + 1.5, d / 2 + 1), BADGE_OUTLINE);
  r.fill(roundedRect(0.5, 0.5, d, d, d / 2), WARNING);
  const bar = d * 0.16;
  const x = d / 2 + 0.25 - bar / 2;
  r.fill(roundedRect(x, d * 0.18, x + bar, d * 0.62, bar / 2), BADGE_OUTLINE);
  r.fill(roundedRect(x, d * 0.7, x + bar, d * 0.7 + bar, bar / 2), BADGE_OUTLINE);
}

/** The tray icon for a level and count, with the warning mark while notifications are degraded, as PNG bytes. */
export function renderTrayIcon(level: TrayLevel, count: number, degraded = false): Buffer {
  const size = TRAY_ICON_SIZE;
  const r = new Raster(size, size);
  const color = TRAY_COLORS[level];
  drawBeacon(r, size * 0.42, size * 0.66, size * 0.95, { dot: color, waves: Array<Rgba>(WAVES[level]).fill(color) });
  const text = badgeText(count);
  if (text !== '') {
    const scale = 2;
    const height = GLYPH.height * scale + 4;
    const width = Math.max(height, textWidth(text, scale) + 6);
    r.fill(roundedRect(size - width - 1.5, size - height - 1.5, size + 1.5, size + 1.5, height / 2 + 1.5), BADGE_OUTLINE);
    r.fill(roundedRect(size - width, size - height, size, size, height / 2), color);
    drawText(r, text, size - width + Math.round((width - textWidth(text, scale)) / 2), size - height + 2, scale, BADGE_TEXT);
  }
  if (degraded) drawWarning(r, size);
  return encodePng(size, size, new Uint8Array(r.data.buffer));
}
