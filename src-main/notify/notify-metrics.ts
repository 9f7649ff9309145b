// Notification metrics on the server's registry: deliveries the OS channel refused or never answered.
import { Counter, type Registry } from 'prom-client';

export interface NotifyMetrics {
  failedDeliveries: Counter;
}

/** Registers the notification counters on `registry` (once per server). */
export function registerNotifyMetrics(registry: Registry): NotifyMetrics {
  return {
    failedDeliveries: new Counter({
      name: 'incident_relay_notifications_failed_total', help: 'Notifications the OS channel failed to show (a fallback was used for P0/P1)', registers: [registry],
    }),
  };
}
