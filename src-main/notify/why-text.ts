// Plain-text rendering of `why` records: one block per decision, one line per step (what `incident-relay why` prints).
import type { WhyAnswer } from './why-routes.js';
import type { WhyRecord } from './why-log.js';
import { WHY_VERDICTS as VERDICT } from '../../src-shared/bridge/why.js';

const OUTCOME: Readonly<Record<string, string>> = { pass: 'ok  ', hold: 'HOLD', drop: 'DROP', fail: 'FAIL' };


function block(r: WhyRecord): string {
  const head = [r.eventType, r.severity, r.messageId ? `message ${r.messageId}` : undefined, r.incidentId ? `incident ${r.incidentId}` : undefined]
    .filter((x) => x !== undefined).join(' · ');
  const steps = r.steps.map((s) => `  ${new Date(s.at).toISOString()}  ${OUTCOME[s.outcome] ?? s.outcome}  ${s.stage.padEnd(11)} ${s.detail}`);
  return [`${head}\n  => ${VERDICT[r.decision] ?? r.decision}${r.title ? `: "${r.title}"` : ''}`, ...steps].join('\n');
}

/** The whole answer as text. */
export function formatWhy(a: WhyAnswer): string {
  if (a.notifications === 'off' && a.decisions.length === 0) return `notifications are off on this server (start it with --notify): nothing about ${a.id} was decided\n`;
  if (a.decisions.length === 0) return `no notification decision about ${a.id} (unknown, not seen since the server started, or forgotten)\n`;
  return `${a.decisions.map(block).join('\n\n')}\n`;
}
