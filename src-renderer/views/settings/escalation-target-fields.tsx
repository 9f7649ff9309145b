// One push target in the escalation form: kind, name, person, URL, topic, its token/secret (never shown), and a test page.
import { useState } from 'react';
import type { EscalationTestResult, EscalationView } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import { FieldError, invalidProps } from '../../forms/field-error.js';
import { errorText } from '../../stores/errors.js';
import type { TargetDraft, TargetKind } from './escalation-draft.js';

const KINDS: readonly TargetKind[] = ['ntfy', 'gotify', 'webhook'];
const STORAGE: Readonly<Record<string, string>> = {
  keychain: 'sealed in the OS keychain', 'keychain-locked': 'sealed in the OS keychain (not open yet)', file: 'in a file only you can read',
};

export interface TargetFieldsProps {
  index: number;
  target: TargetDraft;
  /** The saved target of this name's secret state (undefined for a target not saved yet). */
  saved: EscalationView['secrets'][number] | undefined;
  /** Messages by path under this target (`''` for the target itself, `url`, `name`, …). */
  errorAt(path: string): string | undefined;
  onChange(next: TargetDraft): void;
  onRemove(): void;
}

export function TargetFields({ index, target, saved, errorAt, onChange, onRemove }: TargetFieldsProps) {
  const { bridge } = useApp();
  const [replacing, setReplacing] = useState(false);
  const [test, setTest] = useState<EscalationTestResult | null>(null);
  const id = (f: string): string => `escalation-target-${index}-${f}`;
  const secretWord = target.kind === 'webhook' ? 'HMAC secret' : target.kind === 'gotify' ? 'App token' : 'Access token (optional)';
  const set = (patch: Partial<TargetDraft>): void => onChange({ ...target, ...patch });
  const field = (f: 'name' | 'person' | 'url' | 'topic', label: string, placeholder?: string) => {
    const error = errorAt(f);
    return (
      <div className={`form-field${error ? ' invalid' : ''}`}>
        <label htmlFor={id(f)}>{label}</label>
        <input id={id(f)} value={target[f]} placeholder={placeholder} autoComplete="off" onChange={(e) => set({ [f]: e.target.value })} {...invalidProps(id(f), error)} />
        <FieldError fieldId={id(f)} message={error} />
      </div>
    );
  };
  const sendTest = async (): Promise<void> => {
    setTest(null);
    try {
      setTest(await bridge.escalation.test({ target: target.name }));
    } catch (err) {
      setTest({ delivered: false, detail: errorText(err) });
    }
  };
  const secretState = !saved || saved.source === 'none' ? 'not set'
    : saved.source === 'settings' ? `set (${STORAGE[saved.storage ?? ''] ?? 'stored'})`
      : 'set by the configuration file (a value entered here wins over it)';
  const showInput = replacing || !saved || saved.source === 'none';
  const targetError = errorAt('');
  return (
    <fieldset className={`card escalation-target${targetError ? ' invalid' : ''}`} aria-label={`Target ${target.name || index + 1}`}>
      <legend>Target {index + 1}</legend>
      <div className="form-field">
        <label htmlFor={id('kind')}>Kind</label>
        <select id={id('kind')} value={target.kind} onChange={(e) => set({ kind: e.target.value as TargetKind })}>
          {KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
      </div>
      {field('name', 'Name', 'alice-phone')}
      {field('person', 'Person (recorded as the acknowledger)', 'alice')}
      {field('url', target.kind === 'webhook' ? 'Webhook URL' : 'Server URL', target.kind === 'ntfy' ? 'https://ntfy.sh' : 'https://')}
      {target.kind === 'ntfy' ? field('topic', 'Topic', 'alice-oncall-7f3k') : null}
      <div className="form-field">
        <span>{secretWord}: <strong role="status" aria-label={`${secretWord} of target ${index + 1}`}>{secretState}</strong></span>
        {showInput ? (
          <>
            <label htmlFor={id('secret')}>{saved && saved.source !== 'none' ? `New ${secretWord.toLowerCase()}` : secretWord}</label>
            <input id={id('secret')} type="password" autoComplete="new-password" value={target.secret} onChange={(e) => set({ secret: e.target.value })} />
            <p className="hint">Kept in the secret store on Save; never shown again.</p>
          </>
        ) : <button type="button" onClick={() => setReplacing(true)}>Replace</button>}
      </div>
      <FieldError fieldId={id('target')} message={targetError} />
      <div className="form-buttons">
        {saved ? <button type="button" onClick={() => void sendTest()}>Send test page</button> : null}
        <button type="button" onClick={onRemove}>Remove target</button>
      </div>
      {test ? <p role="status" aria-label={`Test page to ${target.name}`}>{test.delivered ? 'Delivered' : 'Not delivered'}: {test.detail}</p> : null}
    </fieldset>
  );
}
