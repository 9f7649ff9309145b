// The notification driver: feeds server events to the policy, runs its timer, and delivers through a sink.
import { userInfo } from 'node:os';
import { NotificationPolicy } from './policy.js';
import { openPersistence } from './persistence.js';
import { ChannelHealth, type ChannelStatus } from './channel-health.js';
import type { ChannelProbe } from './freedesktop-probe.js';
import { WhyLog } from './why-log.js';
import type { TraceOutcome, TraceStage } from './decision-trace.js';
import type { AcknowledgeResult, Notifications, StartNotificationsOptions } from './driver-types.js';
import { ACTION_LABELS, systemClock, type NotificationActivation, type NotificationMessage, type PlannedNotification } from './types.js';

export type { AcknowledgeResult, Notifications, StartNotificationsOptions } from './driver-types.js';

/** setTimeout's longest delay (about 24.8 days); later due times are re-checked when it fires. */
const MAX_TIMER_MS = 2_147_483_647;
const HOUR_MS = 3_600_000;

const forSink = (n: PlannedNotification): NotificationMessage => ({
  title: n.title, body: n.body, urgency: n.urgency,
  ...(n.incidentId ? { incidentId: n.incidentId } : {}),
  ...(n.severity ? { severity: n.severity } : {}),
  ...(n.actions ? { actions: n.actions } : {}),
});

function defaultUser(): string {
  try {
    return userInfo().username;
  } catch (err) {
    return `local user (${err instanceof Error ? err.message : 'unknown'})`;
  }
}

/** Starts notifications for a server's events. */
export function startNotifications(options: StartNotificationsOptions): Notifications {
  const clock = options.clock ?? systemClock;
  const report = options.onError ?? ((err: unknown, context: string) => console.error(`notify: ${context}:`, err));
  const policy = new NotificationPolicy({
    settings: options.settings ?? {}, lookup: options.getIncident ?? (() => undefined), ...(options.consoleUrl ? { consoleUrl: options.consoleUrl } : {}),
  });
  const warn = options.onWarning ?? ((message: string, fields: Record<string, unknown>) => console.warn(`notify: ${message}`, fields));
  const persistence = options.persist ? openPersistence(policy, options.persist, { clock, report, warn }) : undefined;
  const saveIfChanged = (): void => persistence?.saveIfChanged();
  let chain: Promise<void> = Promise.resolve();
  const whyLog = new WhyLog();
  const health = new ChannelHealth('the OS notification channel answers');
  const onChannelChange = options.onChannelChange ?? ((st: ChannelStatus) => process.stderr.write(`notifications: ${st.state}: ${st.detail}\n`));
  health.onChange(onChannelChange);
  const prober = (options.sink as Partial<ChannelProbe>).probe?.bind(options.sink);
  const step = (n: PlannedNotification, stage: TraceStage, outcome: TraceOutcome, detail: string): void => {
    for (const id of n.messageId !== undefined ? [n.messageId] : (n.members ?? [])) whyLog.addStep(id, { stage, outcome, detail, at: clock.now() });
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const deliver = (list: readonly PlannedNotification[]): void => {
    for (const n of list) {
      if (n.kind === 'summary') step(n, 'storm', 'pass', `shown in the summary "${n.title.slice(0, 80)}"`);
      if (n.kind === 'reminder') {
        whyLog.record({
          ...(n.incidentId ? { incidentId: n.incidentId } : {}), eventType: 'reminder', severity: 'P0', title: n.title, decision: 'reminder',
          steps: [{ stage: 'severity', outcome: 'pass', detail: 'unacknowledged P0: reminder, shown at once', at: clock.now() }],
        });
      }
      const message = forSink(n);
      chain = chain.then(() => options.sink.show(message)).then(() => {
        health.recordDelivery(undefined);
        step(n, 'delivery', 'pass', 'handed to the OS notification channel');
      }, (err: unknown) => {
        report(err, `showing "${n.title.slice(0, 80)}"`);
        health.recordDelivery(err);
        options.onDeliveryFailed?.();
        step(n, 'delivery', 'fail', `channel failure: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300));
        if (options.fallback?.(message)) step(n, 'fallback', 'pass', 'fallback used (terminal bell and a line on stderr / window flash)');
      });
    }
  };

  const reschedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const at = policy.dueAt();
    if (stopped || at === undefined) return;
    timer = setTimeout(onTimer, Math.min(Math.max(0, at - clock.now()), MAX_TIMER_MS));
    timer.unref();
  };

  function onTimer(): void {
    timer = undefined;
    try {
      deliver(policy.tick(clock.now()));
    } catch (err) {
      report(err, 'running due reminders and summaries');
    }
    saveIfChanged();
    reschedule();
  }

  const unsubscribe = options.onEvent((entry) => {
    if (stopped) return;
    try {
      const decision = policy.onEntry(entry, clock.now());
      const planned = decision.planned;
      const sev = planned?.severity;
      whyLog.record({
        messageId: entry.messageId, ...(entry.incidentId ? { incidentId: entry.incidentId } : {}), eventType: entry.event.event_type,
        ...(sev ? { severity: sev } : {}), ...(planned ? { title: planned.title } : {}), decision: decision.reason, steps: decision.steps,
      });
      options.onDecision?.(decision, entry);
      deliver(decision.show);
    } catch (err) {
      report(err, `deciding about message ${entry.messageId}`);
    }
    saveIfChanged();
    reschedule();
  });
  // Restored reminders and held summaries may be due already.
  reschedule();

  /** Records an acknowledgement here (reminders stop); the owner is not asked. */
  const recordAcknowledged = (incidentId: string, who: string) => {
    const recorded = policy.acknowledge(incidentId, who, clock.now());
    saveIfChanged();
    reschedule();
    return recorded;
  };

  async function acknowledge(incidentId: string, who: string): Promise<AcknowledgeResult> {
    // The owner decides first: a refused acknowledge (it throws) leaves the reminders running.
    const owned = options.acknowledgeIncident ? await options.acknowledgeIncident(incidentId.toLowerCase(), who) : undefined;
    const { acknowledgement, publish } = recordAcknowledged(incidentId, who);
    if (owned) return owned.messageId ? { acknowledgement, publishedMessageId: owned.messageId } : { acknowledgement };
    if (!publish || !options.publish || options.isLocalIncident?.(acknowledgement.incidentId) === false) return { acknowledgement };
    const result = await options.publish([publish]);
    const messageId = 'messageIds' in result ? result.messageIds[0] : result[0]?.messageId;
    return messageId ? { acknowledgement, publishedMessageId: messageId } : { acknowledgement };
  }

  const snooze = (o: { durationMs: number; incidentId?: string }): void => {
    policy.snooze(o, clock.now());
    saveIfChanged();
  };

  const onActivation = (a: NotificationActivation): void => {
    whyLog.addIncidentStep(a.incidentId, { stage: 'action', outcome: 'pass', detail: `${ACTION_LABELS[a.action]} chosen in the notification`, at: clock.now() });
    if (a.action === 'acknowledge') {
      acknowledge(a.incidentId, options.localUser ?? defaultUser()).catch((err: unknown) => report(err, `acknowledging ${a.incidentId}`));
    } else if (a.action === 'snooze_1h') snooze({ durationMs: HOUR_MS, incidentId: a.incidentId });
    else options.openIncident?.(a.incidentId);
  };
  const probe = async (): Promise<ChannelStatus> => {
    if (prober) {
      try {
        health.recordProbe(await prober());
      } catch (err) {
        report(err, 'probing the notification channel');
      }
    }
    return health.status();
  };
  void probe();
  const probeEvery = options.probeIntervalMs ?? 60_000;
  const probeTimer = prober && probeEvery > 0 ? setInterval(() => void probe(), probeEvery) : undefined;
  probeTimer?.unref();
  const unsubscribeActivation = options.sink.onActivation?.(onActivation);

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      unsubscribeActivation?.();
      if (probeTimer) clearInterval(probeTimer);
      if (timer) clearTimeout(timer);
      timer = undefined;
      await chain;
      options.sink.close?.();
      await persistence?.flush();
    },
    acknowledge,
    acknowledged: (incidentId, who) => recordAcknowledged(incidentId, who).acknowledgement,
    snooze,
    clearSnooze: (incidentId?: string) => {
      policy.clearSnooze(incidentId);
      saveIfChanged();
    },
    settings: {
      get: () => policy.settings,
      set: (input) => {
        const s = policy.configure(input);
        reschedule();
        return s;
      },
    },
    status: () => policy.status(clock.now()),
    channel: () => health.status(),
    probe,
    why: (id) => whyLog.lookup(id),
    notice: (message) => {
      if (!stopped && policy.settings.enabled) deliver([{ ...message, kind: 'update', label: message.title, headline: message.title }]);
    },
    idle: async () => {
      await chain;
      await persistence?.flush();
    },
  };
}
