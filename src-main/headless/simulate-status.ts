// `simulate`'s progress: a live one-line status on a terminal, a plain line now and then otherwise, and the summary on exit.
import type { Severity } from '../../src-shared/protocol/index.js';
import type { ShiftStats } from './simulator.js';

export const eventsText = (n: number) => `${n} ${n === 1 ? 'event' : 'events'}`;

const activeText = (s: ShiftStats) => {
  const total = Object.values(s.active).reduce((a, b) => a + b, 0);
  const bySeverity = (Object.keys(s.active) as Severity[]).filter((k) => s.active[k] > 0).map((k) => `${k} ${s.active[k]}`).join(' · ');
  return `${total} active${bySeverity ? ` (${bySeverity})` : ''}`;
};

/** `1,204 events · 25 active (P0 1 · P1 4 · P2 9) · 380 resolved · 2.0/s`. */
export function statusText(sent: number, stats: ShiftStats, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (sent / (elapsedMs / 1000)).toFixed(1) : '0.0';
  return `${eventsText(sent)} · ${activeText(stats)} · ${stats.resolved} resolved · ${rate}/s`;
}

/** `published 40 events to URL in 2.1 s; 12 incidents opened, 5 resolved, 7 active`. */
export function summaryText(sent: number, url: string, stats: ShiftStats, elapsedMs: number, stopped: boolean): string {
  const active = Object.values(stats.active).reduce((a, b) => a + b, 0);
  return `published ${eventsText(sent)} to ${url} in ${(elapsedMs / 1000).toFixed(1)} s; ${stats.opened} ${stats.opened === 1 ? 'incident' : 'incidents'} opened, `
    + `${stats.resolved} resolved, ${active} active${stopped ? ' (stopped)' : ''}`;
}

export interface StatusWriter {
  /** Called after each batch; draws the live line (terminal) or a plain line every `plainEveryMs` (pipe). */
  update(sent: number, stats: ShiftStats, elapsedMs: number): void;
  /** Ends the live line and prints the summary. */
  finish(summary: string): void;
}

export function statusWriter(out: NodeJS.WriteStream, plainEveryMs = 10_000): StatusWriter {
  const live = out.isTTY === true;
  let drawn = false;
  let lastPlain = 0;
  return {
    update(sent, stats, elapsedMs) {
      if (live) {
        out.write(`\r\x1b[2Ksimulate: ${statusText(sent, stats, elapsedMs)}`);
        drawn = true;
      } else if (elapsedMs - lastPlain >= plainEveryMs) {
        lastPlain = elapsedMs;
        out.write(`simulate: ${statusText(sent, stats, elapsedMs)}\n`);
      }
    },
    finish(summary) {
      if (drawn) out.write('\r\x1b[2K');
      out.write(`simulate: ${summary}\n`);
    },
  };
}
