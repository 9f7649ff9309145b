// The desktop's own alert: a P0 page, or a P0/P1 the OS channel could not show, flashes the window and plays a sound;
// a P0 also brings the window to the front, always on top, until that incident is acknowledged (or closed).
import type { IncidentSummary } from '../../../src-shared/bridge/index.js';
import { UNACKNOWLEDGED_STATES } from '../../notify/acknowledge.js';
import { needsFallback, type ChannelProbe, type NotificationMessage, type NotificationSink } from '../../notify/index.js';

/** The part of Electron's BrowserWindow the alert uses. */
export interface AlertWindow {
  flashFrame(flag: boolean): void;
  setAlwaysOnTop(flag: boolean, level?: 'screen-saver'): void;
}

export interface AlertTarget {
  /** The main window, if it exists. */
  window(): AlertWindow | undefined;
  /** Shows the window (creating it) on the incident, in front. */
  bringToFront(incidentId: string): void;
}

export interface DesktopAlertDeps {
  /** A short sound (Electron's `shell.beep()`). */
  beep(): void;
}

const isP0Page = (m: NotificationMessage): m is NotificationMessage & { incidentId: string } =>
  m.severity === 'P0' && m.urgency === 'critical' && m.incidentId !== undefined;

export class DesktopAlert {
  private readonly held = new Set<string>();
  private target: AlertTarget | undefined;

  constructor(private readonly deps: DesktopAlertDeps) {}

  /** The window exists: P0s held meanwhile take it now. */
  attach(target: AlertTarget): void {
    this.target = target;
    const newest = [...this.held].at(-1);
    if (newest) this.hold(newest);
  }

  /** A notification was shown: a P0 page holds the window in front until acknowledged. */
  shown(message: NotificationMessage): void {
    if (isP0Page(message)) this.hold(message.incidentId);
  }

  /** The channel could not show it: flash and sound for P0/P1 (a P0 is also held); true when used. */
  channelFailed(message: NotificationMessage): boolean {
    if (!needsFallback(message)) return false;
    if (isP0Page(message)) this.hold(message.incidentId);
    else this.flash();
    return true;
  }

  /** Incidents acknowledged or closed (the control service's summaries) stop holding the window. */
  observe(summaries: readonly IncidentSummary[]): void {
    for (const s of summaries) {
      if (s.acknowledgedAt !== null || !UNACKNOWLEDGED_STATES.has(s.incident.state)) this.release(s.incident.id);
    }
  }

  release(incidentId: string): void {
    if (!this.held.delete(incidentId.toLowerCase()) || this.held.size > 0) return;
    const win = this.target?.window();
    win?.setAlwaysOnTop(false);
    win?.flashFrame(false);
  }

  /** Lower-case ids of the P0s holding the window. */
  heldIncidents(): string[] {
    return [...this.held];
  }

  private hold(incidentId: string): void {
    this.held.add(incidentId.toLowerCase());
    this.target?.bringToFront(incidentId);
    this.target?.window()?.setAlwaysOnTop(true, 'screen-saver');
    this.flash();
  }

  private flash(): void {
    this.target?.window()?.flashFrame(true);
    this.deps.beep();
  }
}

/** The sink with the alert: P0 pages hold the window; a failed P0/P1 flashes and sounds, then fails as before (counted). */
export function withDesktopAlert<S extends NotificationSink & Partial<ChannelProbe>>(sink: S, alert: DesktopAlert): S {
  return {
    ...sink,
    async show(message: NotificationMessage) {
      try {
        await sink.show(message);
      } catch (err) {
        alert.channelFailed(message);
        throw err;
      }
      alert.shown(message);
    },
  };
}
