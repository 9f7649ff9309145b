// `incident-relay notify-test`: sends one sample notification so a user can check their desktop shows them.
import { UsageError } from '../args.js';
import { runWithSpec } from '../command-help.js';
import type { CommandSpec } from '../option-spec.js';
import { sendTestNotification } from '../../notify/index.js';

export const NOTIFY_TEST_SPEC: CommandSpec = {
  name: 'notify-test',
  summary: 'Shows one sample desktop notification on this machine, to check that notifications appear.',
  options: [],
};

export function notifyTestCommand(argv: string[] = []): Promise<number> {
  return runWithSpec(NOTIFY_TEST_SPEC, argv, async (args) => {
    if (args.positionals.length) throw new UsageError(`notify-test takes no arguments (got ${args.positionals.join(' ')})`);
    const sent = await sendTestNotification();
    process.stdout.write(`sent a test notification: "${sent.title}" (urgency ${sent.urgency})\n`);
    return 0;
  });
}
