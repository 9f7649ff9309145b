// Each push target's last outcome, for /health and the UI: a target whose last try failed makes escalation `degraded`.

export interface TargetReport {
  name: string;
  kind: string;
  state: 'ok' | 'failing' | 'unused';
  last_delivered_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
}

export interface EscalationHealth {
  state: 'ok' | 'degraded';
  /** Incidents with steps still to come. */
  pending: number;
  targets: TargetReport[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class TargetHealth {
  private readonly byName = new Map<string, { kind: string; okAt: number | null; error: string | null; errorAt: number | null; lastOk: boolean | null }>();

  constructor(targets: readonly { name: string; kind: string }[]) {
    for (const t of targets) this.byName.set(t.name, { kind: t.kind, okAt: null, error: null, errorAt: null, lastOk: null });
  }

  delivered(name: string, at: number): void {
    const t = this.byName.get(name);
    if (t) Object.assign(t, { okAt: at, lastOk: true });
  }

  failed(name: string, error: string, at: number): void {
    const t = this.byName.get(name);
    if (t) Object.assign(t, { error, errorAt: at, lastOk: false });
  }

  report(pending: number): EscalationHealth {
    const targets = [...this.byName].map(([name, t]): TargetReport => ({
      name, kind: t.kind, state: t.lastOk === null ? 'unused' : t.lastOk ? 'ok' : 'failing',
      last_delivered_at: iso(t.okAt), last_error: t.error, last_error_at: iso(t.errorAt),
    }));
    return { state: targets.some((t) => t.state === 'failing') ? 'degraded' : 'ok', pending, targets };
  }
}

/** The status bar's line: `ok`, or `degraded` naming each failing target and its last error. */
export function escalationStatus(h: EscalationHealth): { state: 'ok' | 'degraded'; detail: string } {
  const failing = h.targets.filter((t) => t.state === 'failing');
  return failing.length === 0
    ? { state: 'ok', detail: `${h.pending} incident(s) waiting to escalate` }
    : { state: 'degraded', detail: failing.map((t) => `${t.name} (${t.last_error ?? 'failed'})`).join('; ') };
}
