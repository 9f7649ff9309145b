// What the server really does with notifications (its channel state, as /health reports it), beside the policy switch.
import { useStore } from 'zustand';
import { useApp } from '../../app/app-context.js';

export function NotificationChannel() {
  const channel = useStore(useApp().stores.server, (s) => s.stats?.notifications);
  let text: string;
  if (!channel) text = 'Unknown: the server has not said yet.';
  else if (channel.state === 'off') text = 'Off on this server: it was started without --notify, so no OS notification is shown whatever the policy below says. Restart it with incident-relay serve --notify to turn them on.';
  else if (channel.state === 'degraded') text = `Degraded: ${channel.detail}`;
  else text = `On: ${channel.detail || 'notifications are delivered'}.`;
  return (
    <p className={`notify-channel notify-${channel?.state ?? 'unknown'}`} role="status" aria-label="OS notifications on this server">
      <strong>OS notifications on this server:</strong> {text}
    </p>
  );
}
