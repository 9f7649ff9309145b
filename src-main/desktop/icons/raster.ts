// An RGBA pixel buffer with anti-aliased shape filling from signed distance functions (no trigonometry: reproducible).

/** Distance from a point to a shape's edge: negative inside, positive outside (pixels). */
export type Sdf = (x: number, y: number) => number;
export type Rgba = readonly [number, number, number, number];

export const circle = (cx: number, cy: number, r: number): Sdf => (x, y) => Math.hypot(x - cx, y - cy) - r;

export const ring = (cx: number, cy: number, r: number, width: number): Sdf =>
  (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;

export function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number): Sdf {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - radius;
  const hy = (y1 - y0) / 2 - radius;
  return (x, y) => {
    const qx = Math.abs(x - cx) - hx;
    const qy = Math.abs(y - cy) - hy;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
}

/** The half-plane on the side of (nx, ny) through (px, py); (nx, ny) need not be unit length. */
export function halfPlane(px: number, py: number, nx: number, ny: number): Sdf {
  const len = Math.hypot(nx, ny);
  return (x, y) => -((x - px) * nx + (y - py) * ny) / len;
}

export const intersect = (a: Sdf, b: Sdf): Sdf => (x, y) => Math.max(a(x, y), b(x, y));

/** Pixel bounds [x0, y0, x1, y1) a fill may be limited to, for speed. */
export type Box = readonly [number, number, number, number];

/** The box around a circle of radius `r` at (cx, cy), one pixel of anti-aliasing included. */
export const around = (cx: number, cy: number, r: number): Box => [Math.floor(cx - r - 1), Math.floor(cy - r - 1), Math.ceil(cx + r + 1), Math.ceil(cy + r + 1)];

export class Raster {
  readonly data: Uint8ClampedArray;

  constructor(readonly width: number, readonly height: number) {
    this.data = new Uint8ClampedArray(width * height * 4);
  }

  /** Source-over blend of one pixel with coverage `alpha` (0..1) times the colour's own alpha. */
  blend(x: number, y: number, color: Rgba, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const i = (y * this.width + x) * 4;
    const a = Math.min(1, alpha) * (color[3] / 255);
    const d = this.data;
    const da = d[i + 3]! / 255;
    const out = a + da * (1 - a);
    if (out <= 0) return;
    for (let k = 0; k < 3; k++) d[i + k] = (color[k]! * a + d[i + k]! * da * (1 - a)) / out;
    d[i + 3] = out * 255;
  }

  /** Fills a shape, anti-aliased over one pixel; `color` may be a function of the pixel (gradients). */
  fill(shape: Sdf, color: Rgba | ((x: number, y: number) => Rgba), box: Box = [0, 0, this.width, this.height]): void {
    const [x0, y0, x1, y1] = [Math.max(0, box[0]), Math.max(0, box[1]), Math.min(this.width, box[2]), Math.min(this.height, box[3])];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const coverage = 0.5 - shape(x + 0.5, y + 0.5);
        if (coverage > 0) this.blend(x, y, typeof color === 'function' ? color(x, y) : color, coverage);
      }
    }
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgba): void {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) this.blend(i, j, color, 1);
  }
}
