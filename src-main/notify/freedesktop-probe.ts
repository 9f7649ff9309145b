// Can notifications reach a screen? On Linux: a session bus, and a notification server owning its name on it.
import { execFile } from 'node:child_process';

/** The result of probing a notification channel: ok, or the cause and how to fix it. */
export type ProbeResult = { ok: true } | { ok: false; cause: string; fix: string };

/** A sink that can check its channel before (and between) deliveries. */
export interface ChannelProbe {
  probe(): Promise<ProbeResult>;
}

const NAME_HAS_OWNER = ['--session', '--dest=org.freedesktop.DBus', '--print-reply', '--reply-timeout=3000', '/org/freedesktop/DBus',
  'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.Notifications'];

function dbusSend(env: NodeJS.ProcessEnv): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('dbus-send', NAME_HAS_OWNER, { env, shell: false, timeout: 5000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Probes the freedesktop notification channel with `dbus-send` (skipped, as ok, where dbus-send is not installed). */
export async function probeFreedesktop(env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  if (!env.DBUS_SESSION_BUS_ADDRESS && !env.XDG_RUNTIME_DIR) {
    return {
      ok: false, cause: 'no session D-Bus (DBUS_SESSION_BUS_ADDRESS is not set)',
      fix: 'run inside a desktop login session, or start one with `dbus-run-session -- incident-relay serve --notify` and a notification server (dunst, mako)',
    };
  }
  const r = await dbusSend(env);
  if (r.code === 'ENOENT') return { ok: true };
  if (r.code !== 0) {
    return {
      ok: false, cause: `the session D-Bus is not reachable (${r.stderr.trim().split('\n')[0]?.slice(0, 200) ?? 'no reply'})`,
      fix: 'check DBUS_SESSION_BUS_ADDRESS, or start a session bus with `dbus-run-session`',
    };
  }
  if (!r.stdout.includes('boolean true')) {
    return {
      ok: false, cause: 'no notification server owns org.freedesktop.Notifications on the session bus',
      fix: 'start a notification daemon (dunst, mako, xfce4-notifyd) or a desktop environment that has one',
    };
  }
  return { ok: true };
}
