// A tiny SVG sparkline (no inline styles: stroke and fill come from the `.sparkline` rules).

export interface SparklineProps {
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
}

/** Maps values to polyline points, the maximum touching the top; a flat zero line sits at the bottom. */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`).join(' ');
}

export function Sparkline({ values, label, width = 90, height = 18 }: SparklineProps) {
  return (
    <svg className="sparkline" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <polyline points={sparklinePoints(values, width, height)} />
    </svg>
  );
}
