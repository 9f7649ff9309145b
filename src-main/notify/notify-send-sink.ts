// Linux/BSD delivery: runs `notify-send` directly (no shell); with libnotify >= 0.8, buttons whose choice comes back.
import { spawn, type ChildProcess } from 'node:child_process';
import { ACTION_LABELS, type NotificationActionId, type NotificationActivation, type NotificationMessage, type NotificationSink } from './types.js';
import { toPlainMessage } from './plain-text.js';
import { probeFreedesktop, type ChannelProbe } from './freedesktop-probe.js';

export interface NotifySendSinkOptions {
  /** Program to run; default `notify-send` from PATH. */
  command?: string;
  /** Application name shown by the daemon; default `Incident Relay`. */
  appName?: string;
  /** Environment of the program (needs DBUS_SESSION_BUS_ADDRESS, usually DISPLAY); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How long a normal or low notification stays on screen, ms; critical ones stay until acted on. Default 10000. */
  expireMs?: number;
  /** Kill the program if it has not handed the notification over after this many ms; default 10000. */
  processTimeoutMs?: number;
  /** Offer buttons (`--action`, libnotify >= 0.8); default true. Without them a notification is plain. */
  actions?: boolean;
}

/** Notifications still waiting for a button, at most; the oldest stops waiting first. */
const MAX_WAITING = 50;

/** The notify-send arguments for an already plain message; `--` ends the options, so a title like `-u low` stays text. */
export function notifySendArgs(m: NotificationMessage, appName: string, expireMs: number, actions: readonly NotificationActionId[] = []): string[] {
  const args = [`--app-name=${appName}`, `--urgency=${m.urgency}`];
  if (m.urgency !== 'critical') args.push(`--expire-time=${expireMs}`);
  if (actions.length > 0) args.push('--print-id', ...actions.map((a) => `--action=${a}=${ACTION_LABELS[a]}`));
  return [...args, '--', m.title, m.body];
}

/** True for `notify-send 0.8.0` and later (the first with `--action` and `--wait`). */
export function supportsActions(versionOutput: string): boolean {
  const m = /(\d+)\.(\d+)/.exec(versionOutput);
  return m !== null && (Number(m[1]) > 0 || Number(m[2]) >= 8);
}

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, shell: false, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    child.once('error', () => resolve(''));
    child.once('close', () => resolve(out));
  });
}

const failure = (command: string, err: NodeJS.ErrnoException | undefined, code: number | null, stderr: string): Error =>
  err?.code === 'ENOENT'
    ? new Error(`${command} not found: install libnotify-bin (Debian/Ubuntu) or libnotify`, { cause: err })
    : new Error(`${command} failed${code !== null ? ` (exit ${code})` : ''}${err ? `: ${err.message}` : ''}${stderr ? ` (${stderr.trim().slice(0, 300)})` : ''}`);

/** A sink that shows each notification through notify-send and reports the button a user picks. */
export function createNotifySendSink(options: NotifySendSinkOptions = {}): NotificationSink & ChannelProbe & { close(): void } {
  const command = options.command ?? 'notify-send';
  const appName = options.appName ?? 'Incident Relay';
  const expireMs = options.expireMs ?? 10_000;
  const env = options.env ?? process.env;
  const listeners = new Set<(a: NotificationActivation) => void>();
  const waiting = new Set<ChildProcess>();
  let withActions: Promise<boolean> | undefined;
  // `stdbuf -oL` makes notify-send print its id at once (a pipe is otherwise block-buffered until it exits).
  const canWait = (): Promise<boolean> => (withActions ??= options.actions === false ? Promise.resolve(false)
    : Promise.all([runToEnd(command, ['--version'], env), runToEnd('stdbuf', ['--version'], env)]).then(([v, s]) => supportsActions(v) && s !== ''));

  const show = async (n: NotificationMessage): Promise<void> => {
    const actions = n.incidentId && (await canWait()) ? (n.actions ?? []) : [];
    const args = notifySendArgs(toPlainMessage(n), appName, expireMs, actions);
    const [program, argv] = actions.length > 0 ? ['stdbuf', ['-oL', command, ...args]] : [command, args];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(program, argv, { env, shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      let stdout = '';
      let stderr = '';
      let handedOver = false;
      const timer = setTimeout(() => child.kill('SIGKILL'), options.processTimeoutMs ?? 10_000);
      const accept = (): void => {
        handedOver = true;
        clearTimeout(timer);
        resolve();
      };
      child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString('utf8')).slice(-1000); });
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        const lines = stdout.split('\n');
        stdout = lines.pop() ?? '';
        for (const line of lines.map((l) => l.trim()).filter((l) => l !== '')) {
          // Id 0 is libnotify's "not shown" (it prints it, then exits 1): wait for the exit status instead.
          if (!handedOver && /^[1-9]\d*$/.test(line)) {
            accept();
            waiting.add(child);
            if (waiting.size > MAX_WAITING) [...waiting][0]?.kill();
          } else if (handedOver && n.incidentId && (actions as readonly string[]).includes(line)) {
            for (const l of [...listeners]) l({ action: line as NotificationActionId, incidentId: n.incidentId });
          }
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        if (!handedOver) reject(failure(command, err, null, stderr));
      });
      child.once('close', (code) => {
        waiting.delete(child);
        clearTimeout(timer);
        if (handedOver) return;
        if (code === 0) accept();
        else reject(failure(command, undefined, code, stderr));
      });
    });
  };

  return {
    show,
    onActivation(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    probe: () => probeFreedesktop(env),
    /** Stops waiting for buttons (the notifications stay on screen). */
    close() {
      for (const child of waiting) child.kill();
      waiting.clear();
    },
  };
}
