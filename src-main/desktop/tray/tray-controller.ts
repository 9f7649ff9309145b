// Keeps the tray in step with the incidents, upstreams and notification channel: icon, badge, tooltip and menu.
import type { IncidentSummary, Upstream } from '../../../src-shared/bridge/index.js';
import { renderTrayIcon } from '../icons/tray-icons.js';
import { trayMenu, type MenuItemSpec, type TrayMenuActions, type TrayMenuContext } from './tray-menu.js';
import { computeTrayState, type ChannelView, type TrayState } from './tray-state.js';

/** The tray as this module drives it; the Electron adapter turns PNG bytes into a NativeImage and specs into a Menu. */
export interface TrayPort {
  setIcon(png: Buffer): void;
  setToolTip(text: string): void;
  /** Text beside the icon (macOS menu bar); empty clears it. */
  setTitle(text: string): void;
  setMenu(items: MenuItemSpec[]): void;
  onClick(listener: () => void): void;
  destroy(): void;
}

export interface TrayControllerDeps {
  actions: TrayMenuActions;
  /** Read at each refresh: start-at-login checkbox and the global snooze. */
  context(): TrayMenuContext;
}

const CLOSED: ReadonlySet<string> = new Set(['Resolved', 'Closed']);

export class TrayController {
  private readonly summaries = new Map<string, IncidentSummary>();
  private upstreams: readonly Upstream[] = [];
  private channel: ChannelView | undefined;
  private current: TrayState;
  private iconKey = '';

  constructor(private readonly tray: TrayPort, private readonly deps: TrayControllerDeps) {
    tray.onClick(() => deps.actions.open());
    this.current = this.compute();
    this.render();
  }

  /** Replaces everything known (the initial `incidents:list`). */
  replaceAll(list: readonly IncidentSummary[]): void {
    this.summaries.clear();
    this.apply(list);
  }

  /** Applies changed summaries (`push:incidents`); resolved and closed ones are forgotten. */
  apply(changed: readonly IncidentSummary[]): void {
    for (const s of changed) {
      const id = s.incident.id.toLowerCase();
      if (CLOSED.has(s.incident.state)) this.summaries.delete(id);
      else this.summaries.set(id, s);
    }
    this.refresh();
  }

  /** Replaces the upstream list (`upstreams:list`, then `push:upstreams`, which always carries the whole list). */
  setUpstreams(list: readonly Upstream[]): void {
    this.upstreams = list;
    this.refresh();
  }

  /** The notification channel's state (`server:stats`, the same as /health); absent when notifications are off. */
  setChannel(channel: ChannelView | undefined): void {
    if (channel?.state === this.channel?.state && channel?.detail === this.channel?.detail) return;
    this.channel = channel;
    this.refresh();
  }

  /** Recomputes and redraws (also after the menu context changed). */
  refresh(): void {
    this.current = this.compute();
    this.render();
  }

  state(): TrayState {
    return this.current;
  }

  private compute(): TrayState {
    return computeTrayState(
      [...this.summaries.values()].map((s) => s.incident),
      (id) => this.summaries.get(id)?.acknowledgedAt != null,
      this.upstreams,
      this.channel,
    );
  }

  private render(): void {
    const s = this.current;
    const degraded = s.notifications !== null;
    const key = `${s.level}:${s.unacknowledged}:${degraded}`;
    if (key !== this.iconKey) {
      this.iconKey = key;
      this.tray.setIcon(renderTrayIcon(s.level, s.unacknowledged, degraded));
      this.tray.setTitle(s.unacknowledged > 0 ? String(s.unacknowledged) : '');
    }
    this.tray.setToolTip(s.tooltip);
    this.tray.setMenu(trayMenu(s, this.deps.context(), this.deps.actions));
  }
}
