// Escalation settings from the console's form: kept in the data dir without secrets, target secrets in the vault, applied at once.
import { join } from 'node:path';
import { z } from 'zod';
import {
  BridgeError, EscalationFormSchema, invalidRequest, type EscalationForm, type EscalationFormTarget, type EscalationTestResult,
  type EscalationView, type TargetSecretSource,
} from '../../src-shared/bridge/index.js';
import { EscalationConfigSchema, type EscalationConfig, type PushTargetConfig } from '../../src-shared/escalation-settings.js';
import { acknowledgeTokenOf, createPushTargets, testPage, type EscalationSetup, type Escalator } from '../notify/index.js';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';
import type { SecretVault } from './secret-vault.js';

export const ESCALATION_SETTINGS_FILE = 'ui-escalation.json';
const SECRET_PREFIX = 'escalation-target:';
/** The vault key of a push target's token (ntfy, Gotify) or HMAC secret (webhook). */
export const escalationSecretKey = (target: string): string => `${SECRET_PREFIX}${target}`;

const FileSchema = z.object({ version: z.literal(1), enabled: z.boolean(), escalation: EscalationFormSchema });
type Saved = { enabled: boolean; escalation: EscalationForm };

/** What the keeper drives: the running escalator, and the config file's `escalation` (the start, until the form saves). */
export interface EscalationPort {
  escalator: Escalator;
  configured?: EscalationConfig;
}

const secretOf = (t: PushTargetConfig | EscalationFormTarget): string | undefined =>
  ('secret' in t ? t.secret : 'token' in t ? t.token : undefined) as string | undefined;
const fileOf = (t: EscalationFormTarget): string | undefined => (t.kind === 'webhook' ? t.secret_file : t.token_file);

/** A config-file target as the form sees it: its inline secret left out (a `*_file` path is no secret and stays). */
function formTarget(t: PushTargetConfig): EscalationFormTarget {
  if (t.kind === 'webhook') {
    const { secret: _secret, ...rest } = t;
    return rest;
  }
  const { token: _token, ...rest } = t;
  return rest;
}

function formOf(c: EscalationConfig): EscalationForm {
  const { acknowledge_token: _token, targets, ...rest } = c;
  return { ...rest, targets: targets.map(formTarget) };
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class EscalationSettingsKeeper {
  private readonly file: string;
  private saved: Saved | undefined;
  private stopWaiting: (() => void) | undefined;

  constructor(dataDir: string, report: ProblemReporter, private readonly vault: SecretVault, private readonly port: EscalationPort) {
    this.file = join(dataDir, ESCALATION_SETTINGS_FILE);
    this.saved = readJsonFile(this.file, FileSchema, report);
    if (!this.saved) return;
    const saved = this.saved;
    const apply = (): void => {
      try {
        if (this.saved === saved) this.port.escalator.reconfigure(saved.enabled ? this.setupOf(this.check(saved.escalation, {})) : undefined);
      } catch (err) {
        report('the saved escalation settings could not be applied; the configuration file\'s stay in force', { error: describe(err) });
      }
    };
    // Tokens sealed in a keychain that is not open yet (autostart before the keyring): applied again once readable.
    const locked = saved.escalation.targets.map((t) => escalationSecretKey(t.name)).filter((k) => this.vault.locked?.(k));
    if (locked.length > 0) {
      report('escalation target tokens wait for the OS keychain; applied once it opens', { targets: locked.length });
      this.stopWaiting = this.vault.whenReadable?.(locked, apply);
    }
    apply();
  }

  /** Stops waiting for the keychain (the service closes). */
  close(): void {
    this.stopWaiting?.();
  }

  /** The settings in force: the form's once saved, else the config file's. */
  private current(): Saved | undefined {
    return this.saved ?? (this.port.configured ? { enabled: true, escalation: formOf(this.port.configured) } : undefined);
  }

  view(): EscalationView {
    const cur = this.current();
    const configured = new Map((this.port.configured?.targets ?? []).map((t) => [t.name, t]));
    return {
      enabled: cur?.enabled ?? false,
      source: this.saved ? 'settings' : this.port.configured ? 'config' : 'none',
      escalation: cur?.escalation ?? null,
      secrets: (cur?.escalation.targets ?? []).map((t) => {
        const key = escalationSecretKey(t.name);
        const locked = this.vault.locked?.(key) === true;
        const inVault = locked || this.vault.get(key) !== undefined;
        const fromConfig = fileOf(t) !== undefined || secretOf(configured.get(t.name) ?? t) !== undefined;
        const source: TargetSecretSource = inVault ? 'settings' : fromConfig ? 'config' : 'none';
        return { target: t.name, source, storage: locked ? 'keychain-locked' : inVault ? this.vault.backendOf(key) ?? null : null };
      }),
    };
  }

  /** Saves the form (checked whole first: a refusal changes nothing), stores its new secrets, and applies it at once. */
  save(enabled: boolean, escalation: EscalationForm, secrets: Record<string, string>): EscalationView {
    for (const name of Object.keys(secrets)) {
      if (!escalation.targets.some((t) => t.name === name)) throw new BridgeError('invalid_message', `secrets.${name}: no target is named "${name}"`);
    }
    const setup = this.setupOf(this.check(escalation, secrets));
    for (const [name, secret] of Object.entries(secrets)) this.vault.set(escalationSecretKey(name), secret);
    const kept = new Set(escalation.targets.map((t) => escalationSecretKey(t.name)));
    for (const key of this.vault.names?.() ?? []) if (key.startsWith(SECRET_PREFIX) && !kept.has(key)) this.vault.delete(key);
    this.saved = { enabled, escalation };
    writeJsonFile(this.file, { version: 1, ...this.saved });
    this.port.escalator.reconfigure(enabled ? setup : undefined);
    return this.view();
  }

  /** Replaces one target's token or secret (the form's Replace button); the escalator uses it at once. */
  setSecret(target: string, secret: string): EscalationView {
    const cur = this.current();
    if (!cur?.escalation.targets.some((t) => t.name === target)) throw new BridgeError('not_found', `no escalation target is named "${target}"`);
    const setup = this.setupOf(this.check(cur.escalation, { [target]: secret }));
    this.vault.set(escalationSecretKey(target), secret);
    if (cur.enabled) this.port.escalator.reconfigure(setup);
    return this.view();
  }

  /** Sends a test page to a target of the settings in force; the answer is the target's own (status and body, or why not). */
  async test(target: string): Promise<EscalationTestResult> {
    const cur = this.current();
    if (!cur?.escalation.targets.some((t) => t.name === target)) throw new BridgeError('not_found', `no escalation target is named "${target}"`);
    let push;
    try {
      push = this.setupOf(this.check(cur.escalation, {})).targets.get(target)!;
    } catch (err) {
      return { delivered: false, detail: describe(err) };
    }
    try {
      const answer = await push.send(testPage(cur.escalation, Date.now()));
      return { delivered: true, detail: answer ? `answered ${answer.status}${answer.body ? `: ${answer.body}` : ''}` : 'taken' };
    } catch (err) {
      return { delivered: false, detail: describe(err) };
    }
  }

  /**
   * The full config, secrets in: the form's (vault) first, then the target's `*_file`, then the config file's inline
   * one for a target of the same name. Checked by the config checker; a refusal names the path under `escalation.`.
   */
  private check(form: EscalationForm, pending: Record<string, string>): EscalationConfig {
    const configured = new Map((this.port.configured?.targets ?? []).map((t) => [t.name, t]));
    this.checkFilePaths(form, configured);
    const targets = form.targets.map((t) => {
      const fromConfig = configured.get(t.name);
      const secret = pending[t.name] ?? this.vault.get(escalationSecretKey(t.name)) ?? (fileOf(t) || !fromConfig ? undefined : secretOf(fromConfig));
      if (secret === undefined) return t;
      return t.kind === 'webhook' ? { ...t, secret } : { ...t, token: secret };
    });
    const inlineAck = form.acknowledge_token_file ? undefined : this.port.configured?.acknowledge_token;
    const parsed = EscalationConfigSchema.safeParse({ ...form, targets, ...(inlineAck ? { acknowledge_token: inlineAck } : {}) });
    if (!parsed.success) throw invalidRequest(parsed.error.issues.map((i) => ({ ...i, path: ['escalation', ...i.path] })));
    return parsed.data;
  }

  /**
   * A `*_file` path can only come from the configuration file (the same target's, or the acknowledge token's): one
   * sent through the control routes would make the server read any file it can and send it to any URL.
   */
  private checkFilePaths(form: EscalationForm, configured: ReadonlyMap<string, PushTargetConfig>): void {
    const issues: string[] = [];
    form.targets.forEach((t, i) => {
      const file = fileOf(t);
      const allowed = configured.get(t.name);
      if (file !== undefined && (!allowed || file !== fileOf(formTarget(allowed)))) {
        issues.push(`escalation.targets.${i}.${t.kind === 'webhook' ? 'secret_file' : 'token_file'}: a file path can only come from the configuration file; enter the ${t.kind === 'webhook' ? 'secret' : 'token'} in the form instead`);
      }
    });
    if (form.acknowledge_token_file !== undefined && form.acknowledge_token_file !== this.port.configured?.acknowledge_token_file) {
      issues.push('escalation.acknowledge_token_file: a file path can only come from the configuration file');
    }
    if (issues.length > 0) throw new BridgeError('invalid_message', issues.join('; '));
  }

  /** Push targets and the Acknowledge token of a checked config (reading `*_file` secrets: a missing file is refused). */
  private setupOf(config: EscalationConfig): EscalationSetup {
    try {
      const acknowledgeToken = acknowledgeTokenOf(config);
      return { config, targets: createPushTargets(config), ...(acknowledgeToken ? { acknowledgeToken } : {}) };
    } catch (err) {
      throw new BridgeError('invalid_message', describe(err));
    }
  }
}
