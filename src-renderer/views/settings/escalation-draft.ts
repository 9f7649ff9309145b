// The escalation settings as the form edits them (numbers and name lists as typed text), and back to the saved shape.
import type { EscalationForm, EscalationFormTarget, EscalationSave, EscalationView } from '../../../src-shared/bridge/index.js';

export type TargetKind = EscalationFormTarget['kind'];

export interface TargetDraft {
  kind: TargetKind;
  name: string;
  person: string;
  url: string;
  /** ntfy only. */
  topic: string;
  /** A token (ntfy, Gotify) or secret (webhook) typed in; '' keeps the stored one. Never filled from the server. */
  secret: string;
  /** The `token_file`/`secret_file` of the configuration, kept as it was (the form does not edit it). */
  secretFile: string | undefined;
}

export interface StepDraft {
  /** Target names, comma-separated. */
  targets: string;
  /** Later steps: minutes after the previous one. */
  afterMinutes: string;
}

export interface EscalationDraft {
  enabled: boolean;
  /** First step: minutes unacknowledged per severity ('' = that severity never escalates). */
  p0Minutes: string;
  p1Minutes: string;
  steps: StepDraft[];
  targets: TargetDraft[];
  /** Fields the form shows no input for (public URL, acknowledge token file, retries): saved back unchanged. */
  rest: Omit<EscalationForm, 'targets' | 'steps'>;
}

export const newTarget = (kind: TargetKind = 'ntfy'): TargetDraft => ({ kind, name: '', person: '', url: '', topic: '', secret: '', secretFile: undefined });

/** A fresh install: P0 after 5 minutes, P1 after 15 (the README's defaults), one ntfy target to fill in. */
export const DEFAULT_DRAFT: EscalationDraft = {
  enabled: false, p0Minutes: '5', p1Minutes: '15', steps: [{ targets: '', afterMinutes: '' }], targets: [newTarget()],
  rest: { escalate_when_idle: true, attempts: 3, retry_base_secs: 5 },
};

export function draftFromView(view: EscalationView): EscalationDraft {
  const e = view.escalation;
  if (!e) return { ...DEFAULT_DRAFT, enabled: view.enabled };
  const { targets, steps, ...rest } = e;
  const first = steps[0]?.after_minutes;
  const perSeverity = typeof first === 'object' ? first : {};
  return {
    enabled: view.enabled, rest,
    p0Minutes: perSeverity.P0 === undefined ? '' : String(perSeverity.P0),
    p1Minutes: perSeverity.P1 === undefined ? '' : String(perSeverity.P1),
    steps: steps.map((s) => ({ targets: s.targets.join(', '), afterMinutes: typeof s.after_minutes === 'number' ? String(s.after_minutes) : '' })),
    targets: targets.map((t) => ({
      kind: t.kind, name: t.name, person: t.person ?? '', url: t.url, topic: t.kind === 'ntfy' ? t.topic : '', secret: '',
      secretFile: t.kind === 'webhook' ? t.secret_file : t.token_file,
    })),
  };
}

/** A typed number, or the text itself when it is not one (so the server's checker names the field). */
const num = (text: string): unknown => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

function targetOf(t: TargetDraft): Record<string, unknown> {
  const base = { name: t.name.trim(), kind: t.kind, url: t.url.trim(), ...(t.person.trim() ? { person: t.person.trim() } : {}) };
  const file = t.secretFile ? { [t.kind === 'webhook' ? 'secret_file' : 'token_file']: t.secretFile } : {};
  return { ...base, ...(t.kind === 'ntfy' ? { topic: t.topic.trim() } : {}), ...file };
}

/** The save request: the settings, and the secrets typed in (by target name). */
export function saveOfDraft(d: EscalationDraft): EscalationSave {
  const first: Record<string, unknown> = {};
  if (d.p0Minutes.trim() !== '') first.P0 = num(d.p0Minutes);
  if (d.p1Minutes.trim() !== '') first.P1 = num(d.p1Minutes);
  const steps = d.steps.map((s, i) => ({
    after_minutes: i === 0 ? first : num(s.afterMinutes),
    targets: s.targets.split(',').map((n) => n.trim()).filter(Boolean),
  }));
  const secrets = Object.fromEntries(d.targets.filter((t) => t.secret !== '').map((t) => [t.name.trim(), t.secret]));
  return { enabled: d.enabled, escalation: { ...d.rest, steps, targets: d.targets.map(targetOf) } as EscalationForm, secrets };
}
