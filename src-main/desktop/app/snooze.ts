// Snoozing all notifications from the tray or the menu, through the same contract the UI uses.
import type { BridgeHandlers } from '../../../src-shared/bridge/index.js';

export const ONE_HOUR_MINUTES = 60;

/** Sets `notifications.snoozedUntil` to now + `minutes` via `settings:get` / `settings:update`. */
export async function snoozeAllNotifications(handlers: BridgeHandlers, minutes: number, now: number = Date.now()): Promise<string> {
  const current = await handlers['settings:get']({});
  const until = new Date(now + minutes * 60_000).toISOString();
  await handlers['settings:update']({ ...current, notifications: { ...current.notifications, snoozedUntil: until } });
  return until;
}
