// Feeds the tray from the control service: the initial incident and upstream lists, then their pushes and settings changes.
import type { IncidentSummary, PushOf } from '../../../src-shared/bridge/index.js';
import type { Logger } from '../../server/index.js';
import type { DesktopControl } from '../control/control-port.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { TrayController } from '../tray/tray-controller.js';
import type { TrayMenuActions } from '../tray/tray-menu.js';
import type { DesktopPorts } from './desktop-ports.js';

export interface RunningTray {
  controller: TrayController;
  /** Resolves once the initial incident and upstream lists were loaded (or failed, logged). */
  loaded: Promise<void>;
  stop(): void;
}

export interface TrayWiring {
  ports: Pick<DesktopPorts, 'createTray' | 'loginItems'>;
  control: DesktopControl;
  store: SettingsStore;
  logger: Logger;
  actions: Omit<TrayMenuActions, 'setStartAtLogin'>;
}

export function startTray({ ports, control, store, logger, actions }: TrayWiring): RunningTray {
  const tray = ports.createTray();
  let snoozedUntil: string | null = null;
  const controller = new TrayController(tray, {
    actions: {
      ...actions,
      setStartAtLogin: (enabled) => {
        try {
          ports.loginItems.setEnabled(enabled);
          store.update((s) => ({ ...s, startAtLogin: enabled }));
        } catch (err) {
          logger.warn('start at login could not be changed', { error: String(err) });
        }
        controller.refresh();
      },
    },
    context: () => ({ startAtLogin: ports.loginItems.isEnabled(), snoozedUntil }),
  });
  // Changes pushed while the initial list is on its way are applied after it, so the newest version wins.
  let early: IncidentSummary[][] | undefined = [];
  // Upstream lists are whole snapshots: the newer revision wins; without revisions a push beats the initial answer.
  let upstreamRevision = -1;
  let upstreamsPushed = false;
  const applyUpstreams = (list: PushOf<'push:upstreams'>, pushed: boolean) => {
    if (list.revision !== undefined && list.revision < upstreamRevision) return;
    if (!pushed && upstreamsPushed && list.revision === undefined) return;
    if (list.revision !== undefined) upstreamRevision = list.revision;
    if (pushed) upstreamsPushed = true;
    controller.setUpstreams(list.upstreams);
  };
  const stopPushes = control.onPush((push) => {
    if (push.event === 'push:incidents') {
      if (early) early.push(push.payload.incidents);
      else controller.apply(push.payload.incidents);
    } else if (push.event === 'push:upstreams') {
      applyUpstreams(push.payload, true);
    } else if (push.event === 'push:stats') {
      controller.setChannel(push.payload.notifications);
    } else if (push.event === 'push:settings') {
      snoozedUntil = push.payload.notifications.snoozedUntil;
      controller.refresh();
    }
  });
  const stopSettings = store.onChange(() => controller.refresh());
  Promise.resolve()
    .then(() => control.handlers['settings:get']({}))
    .then((settings) => {
      snoozedUntil = settings.notifications.snoozedUntil;
      controller.refresh();
    })
    .catch((err: unknown) => logger.warn('tray could not read the snooze state', { error: err instanceof Error ? err.message : String(err) }));
  Promise.resolve()
    .then(() => control.handlers['server:stats']({}))
    .then((stats) => controller.setChannel(stats.notifications))
    .catch((err: unknown) => logger.warn('tray could not read the notification state', { error: err instanceof Error ? err.message : String(err) }));
  const upstreamsLoaded = Promise.resolve()
    .then(() => control.handlers['upstreams:list']({}))
    .then((list) => applyUpstreams(list, false))
    .catch((err: unknown) => logger.warn('tray could not load the upstreams', { error: err instanceof Error ? err.message : String(err) }));
  const incidentsLoaded = Promise.resolve()
    .then(() => control.handlers['incidents:list']({ includeResolved: false }))
    .then((list) => controller.replaceAll(list.incidents))
    .catch((err: unknown) => logger.warn('tray could not load the incidents', { error: err instanceof Error ? err.message : String(err) }))
    .finally(() => {
      for (const batch of early ?? []) controller.apply(batch);
      early = undefined;
    });
  const loaded = Promise.all([incidentsLoaded, upstreamsLoaded]).then(() => undefined);
  return {
    controller, loaded,
    stop() {
      stopPushes();
      stopSettings();
      tray.destroy();
    },
  };
}
