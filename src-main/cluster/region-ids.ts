// Region message ids: `<region>.<log identity>-<log seq>~<region>.<intake seq>_…`, the log position plus how far each region's intake was in it.

/** Where a region-log entry came from: the region that published it and its seq in that region's intake stream. */
export interface Coordinate { region: string; intakeSeq: number }

/** Per region, the newest intake seq the log held at some position (0: none, or not known). */
export type Vector = ReadonlyMap<string, number>;

export interface RegionId {
  /** `<region>.<identity hash>`: the epoch of the log that issued the id. */
  epoch: string;
  region: string;
  seq: number;
  vector: Vector;
}

const REGION = /^[a-z0-9-]{1,32}$/;
const SEQ = /^(0|[1-9]\d{0,15})$/;

/**
 * The id of the entry at `seq` of the log whose epoch is `epoch`, with the vector as of that entry.
 * Clients treat it as opaque; within a region it orders like `<epoch>-<seq>`.
 */
export function formatRegionId(epoch: string, seq: number, vector: Vector): string {
  const parts: string[] = [];
  for (const [r, n] of [...vector].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) parts.push(`${r}.${n}`);
  return `${epoch}-${seq}~${parts.join('_')}`;
}

/** Parses an id made by `formatRegionId`; undefined for any other text. */
export function parseRegionId(id: string): RegionId | undefined {
  const tilde = id.indexOf('~');
  if (tilde <= 0) return undefined;
  const head = id.slice(0, tilde);
  const dash = head.lastIndexOf('-');
  const seqText = head.slice(dash + 1);
  if (dash <= 0 || !/^[1-9]\d{0,15}$/.test(seqText)) return undefined;
  const epoch = head.slice(0, dash);
  const dot = epoch.indexOf('.');
  const region = epoch.slice(0, dot);
  if (dot <= 0 || !REGION.test(region)) return undefined;
  const vector = new Map<string, number>();
  const tail = id.slice(tilde + 1);
  for (const part of tail === '' ? [] : tail.split('_')) {
    const [r, n, extra] = part.split('.');
    if (extra !== undefined || r === undefined || n === undefined || !REGION.test(r) || !SEQ.test(n) || vector.has(r)) return undefined;
    vector.set(r, Number(n));
  }
  return { epoch, region, seq: Number(seqText), vector };
}

/**
 * The coordinate JetStream stamped on a sourced message (`Nats-Stream-Source: <stream>[:<hash>] <seq>`),
 * mapped to a region by its intake stream's name; undefined for a message no intake sourced.
 */
export function coordinateFrom(sourceHeader: string | undefined, regionOfIntake: (stream: string) => string | undefined): Coordinate | undefined {
  if (!sourceHeader) return undefined;
  const [streamPart, seqText] = sourceHeader.trim().split(/\s+/);
  const region = streamPart ? regionOfIntake(streamPart.split(':')[0]!) : undefined;
  if (region === undefined || seqText === undefined || !/^[1-9]\d{0,15}$/.test(seqText)) return undefined;
  return { region, intakeSeq: Number(seqText) };
}
