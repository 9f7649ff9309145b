// The notification driver: feeds server events to the policy, runs its timer, and delivers through a sink.
import { userInfo } from 'node:os';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import type { Acknowledgement } from './acknowledge.js';
import { NotificationPolicy, type Decision, type PolicyStatus } from './policy.js';
import { openPersistence, type PersistOptions } from './persistence.js';
import type { NotifySettings, NotifySettingsInput } from './settings.js';
import {
  systemClock, type Clock, type IncidentLookup, type NotificationActivation, type NotificationMessage,
  type NotificationSink, type NotifyEntry, type PlannedNotification,
} from './types.js';

/** setTimeout's longest delay (about 24.8 days); later due times are re-checked when it fires. */
const MAX_TIMER_MS = 2_147_483_647;
const HOUR_MS = 3_600_000;

export interface StartNotificationsOptions {
  /** The server's event feed (`server.onEvent`); returns an unsubscribe function. */
  onEvent(listener: (entry: NotifyEntry) => void): () => void;
  /**
   * The server's publish, for acknowledgements; without it an acknowledgement stays local. Either shape of
   * result is accepted: `{ messageIds }` or the journal entries (`[{ messageId }]`, as `RelayServer.publish`).
   */
  publish?(events: IncidentEvent[]): Promise<{ messageIds: readonly string[] } | readonly { messageId: string }[]>;
  /** The server's incident store (`server.incidents.get`), by lower-case id. */
  getIncident?: IncidentLookup;
  /**
   * Whether an incident belongs to this server, so that acknowledging it publishes `incident_updated` here;
   * default: every incident `getIncident` knows. Return false for incidents relayed from another instance.
   */
  isLocalIncident?(lowerCaseId: string): boolean;
  sink: NotificationSink;
  settings?: NotifySettingsInput;
  clock?: Clock;
  /** Name recorded for acknowledgements made from a notification button; default the OS user name. */
  localUser?: string;
  /** Delivery and publish failures (never thrown into the server); default `console.error`. */
  onError?(err: unknown, context: string): void;
  /**
   * Keeps what already notified, acknowledgements, snoozes, reminders and held summaries in
   * `<dataDir>/notify-state.json`, so a restart neither repeats nor drops a notification (see persistence.ts).
   * Without it that memory is lost on restart.
   */
  persist?: PersistOptions;
  /** Warnings, e.g. an unusable state file set aside; default `console.warn`. */
  onWarning?(message: string, fields: Record<string, unknown>): void;
  /** Every decision, for logs and tests. */
  onDecision?(decision: Decision, entry: NotifyEntry): void;
}

export interface AcknowledgeResult {
  acknowledgement: Acknowledgement;
  /** Message id of the published `incident_updated`, when the incident is known here and was waiting. */
  publishedMessageId?: string;
}

export interface Notifications {
  /** Unsubscribes, stops the timer, and resolves once notifications already handed to the sink are done. */
  stop(): Promise<void>;
  acknowledge(incidentId: string, who: string): Promise<AcknowledgeResult>;
  /** Snoozes everything, or one incident, for `durationMs`. */
  snooze(options: { durationMs: number; incidentId?: string }): void;
  clearSnooze(incidentId?: string): void;
  settings: {
    get(): NotifySettings;
    /** Validates (throws an Error naming each bad key) and applies new settings; snoozes and reminders are kept. */
    set(input: NotifySettingsInput): NotifySettings;
  };
  status(): PolicyStatus;
  /** Resolves when every notification decided so far has been handed to the sink and settled, and the state saved. */
  idle(): Promise<void>;
}

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
  const policy = new NotificationPolicy({ settings: options.settings ?? {}, lookup: options.getIncident ?? (() => undefined) });
  const warn = options.onWarning ?? ((message: string, fields: Record<string, unknown>) => console.warn(`notify: ${message}`, fields));
  const persistence = options.persist ? openPersistence(policy, options.persist, { clock, report, warn }) : undefined;
  const saveIfChanged = (): void => persistence?.saveIfChanged();
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const deliver = (list: readonly PlannedNotification[]): void => {
    for (const n of list) {
      chain = chain.then(() => options.sink.show(forSink(n))).catch((err: unknown) => report(err, `showing "${n.title.slice(0, 80)}"`));
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

  async function acknowledge(incidentId: string, who: string): Promise<AcknowledgeResult> {
    const { acknowledgement, publish } = policy.acknowledge(incidentId, who, clock.now());
    saveIfChanged();
    reschedule();
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
    if (a.action === 'acknowledge') {
      acknowledge(a.incidentId, options.localUser ?? defaultUser()).catch((err: unknown) => report(err, `acknowledging ${a.incidentId}`));
    } else if (a.action === 'snooze_1h') snooze({ durationMs: HOUR_MS, incidentId: a.incidentId });
  };
  const unsubscribeActivation = options.sink.onActivation?.(onActivation);

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      unsubscribeActivation?.();
      if (timer) clearTimeout(timer);
      timer = undefined;
      await chain;
      await persistence?.flush();
    },
    acknowledge,
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
    idle: async () => {
      await chain;
      await persistence?.flush();
    },
  };
}
