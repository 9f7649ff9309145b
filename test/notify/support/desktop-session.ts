// A real, private Linux desktop for notification tests: Xvfb, a session D-Bus, and the dunst daemon.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { waitFor } from './recording.js';

/** One notification as `dunstctl history` reports it; urgency comes from the format rule in our dunstrc. */
export interface ShownNotification {
  id: number;
  appname: string;
  summary: string;
  body: string;
  urgency: string;
}

export interface DesktopSession {
  /** Environment for clients: DISPLAY, DBUS_SESSION_BUS_ADDRESS, PATH, HOME. */
  env: NodeJS.ProcessEnv;
  dir: string;
  /** Closes every open notification and returns the ones not returned before, oldest first. */
  takeHistory(): Promise<ShownNotification[]>;
  /** Number of notifications displayed or waiting right now. */
  openCount(): Promise<number>;
  stop(): Promise<void>;
}

// Every urgency section shows the urgency as the first line of the rendered message, which the history keeps.
const DUNSTRC = `[global]
    history_length = 200
    notification_limit = 0
    idle_threshold = 0
    markup = full
    # Count every notification: identical ones must not be merged into one.
    stack_duplicates = false
    format = "%s\\n%b"
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
[ir_low]
    msg_urgency = low
    format = "urgency=low\\n%s\\n%b"
[ir_normal]
    msg_urgency = normal
    format = "urgency=normal\\n%s\\n%b"
[ir_critical]
    msg_urgency = critical
    format = "urgency=critical\\n%s\\n%b"
`;

/** A session bus with no service activation, so nothing but our dunst can own the notification name. */
const busConfig = (socket: string): string => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

function firstLine(stream: Readable, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const nl = text.indexOf('\n');
      if (nl >= 0) {
        stream.off('data', onData);
        resolve(text.slice(0, nl).trim());
      }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`${what} ended before printing a line (got ${JSON.stringify(text)})`)));
  });
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function terminate(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

type Variant = { type: string; data: unknown };
const str = (v: Variant | undefined): string => (typeof v?.data === 'string' ? v.data : '');

export interface DesktopSessionOptions {
  /** Program dunst runs as `dmenu` for `dunstctl context` (reads the action menu on stdin, prints the choice). */
  dmenu?: string;
}

/** Starts Xvfb on a free display (it picks one: -displayfd), the bus, and dunst; waits until dunst owns the name. */
export async function startDesktopSession(options: DesktopSessionOptions = {}): Promise<DesktopSession> {
  const dir = await mkdtemp(join(tmpdir(), 'ir-desktop-'));
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const c of children.reverse()) await terminate(c);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const xvfb = spawn('/usr/bin/Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '800x600x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    children.push(xvfb);
    xvfb.stderr?.resume();
    const display = `:${await firstLine(xvfb.stdio[3] as Readable, 'Xvfb')}`;
    await writeFile(join(dir, 'session.conf'), busConfig(join(dir, 'bus')));
    const bus = spawn('/usr/bin/dbus-daemon', [`--config-file=${join(dir, 'session.conf')}`, '--nofork', '--nopidfile', '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(bus);
    bus.stderr?.resume();
    const busAddress = await firstLine(bus.stdout as Readable, 'dbus-daemon');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_RUNTIME_DIR: dir, LANG: 'C.UTF-8',
      DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: busAddress,
    };
    await writeFile(join(dir, 'dunstrc'), options.dmenu ? DUNSTRC.replace('[global]\n', `[global]\n    dmenu = ${options.dmenu}\n`) : DUNSTRC);
    const dunst = spawn('/usr/bin/dunst', ['-config', join(dir, 'dunstrc')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(dunst);
    let dunstLog = '';
    dunst.stderr?.on('data', (chunk: Buffer) => {
      dunstLog = (dunstLog + chunk.toString('utf8')).slice(-2000);
    });
    await waitFor('dunst to own org.freedesktop.Notifications', async () => {
      if (dunst.exitCode !== null) throw new Error(`dunst exited with ${dunst.exitCode}: ${dunstLog}`);
      const r = await run('/usr/bin/dbus-send', ['--session', '--dest=org.freedesktop.DBus', '--print-reply', '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.Notifications'], env);
      return r.stdout.includes('boolean true');
    });
    const returned = new Set<number>();
    const openCount = async (): Promise<number> => {
      const shown = await run('/usr/bin/dunstctl', ['count', 'displayed'], env);
      const waiting = await run('/usr/bin/dunstctl', ['count', 'waiting'], env);
      return Number(shown.stdout.trim()) + Number(waiting.stdout.trim());
    };
    return {
      env, dir, stop, openCount,
      async takeHistory() {
        await waitFor('all notifications closed', async () => {
          await run('/usr/bin/dunstctl', ['close-all'], env);
          return (await openCount()) === 0;
        });
        const r = await run('/usr/bin/dunstctl', ['history'], env);
        if (r.code !== 0) throw new Error(`dunstctl history failed: ${r.stderr}`);
        const parsed = JSON.parse(r.stdout) as { data: Record<string, Variant>[][] };
        const all = (parsed.data[0] ?? []).map((n): ShownNotification => ({
          id: Number(n.id?.data), appname: str(n.appname), summary: str(n.summary), body: str(n.body),
          urgency: /^urgency=(\w+)/.exec(str(n.message))?.[1] ?? 'unknown',
        }));
        const fresh = all.filter((n) => !returned.has(n.id)).sort((a, b) => a.id - b.id);
        for (const n of fresh) returned.add(n.id);
        return fresh;
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
