// `incident-relay notify-test`: sends one sample notification so a user can check their desktop shows them.
import { sendTestNotification } from '../../notify/index.js';

export async function notifyTestCommand(): Promise<number> {
  const sent = await sendTestNotification();
  process.stdout.write(`sent a test notification: "${sent.title}" (urgency ${sent.urgency})\n`);
  return 0;
}
