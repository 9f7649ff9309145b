// What the notification driver takes (the server's feed, a sink, ports) and what it hands back.
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import type { Acknowledgement } from './acknowledge.js';
import type { ChannelStatus } from './channel-health.js';
import type { PersistOptions } from './persistence.js';
import type { Decision, PolicyStatus } from './policy.js';
import type { NotifySettings, NotifySettingsInput } from './settings.js';
import type { Fallback } from './terminal-fallback.js';
import type { Clock, IncidentLookup, NotificationMessage, NotificationSink, NotifyEntry } from './types.js';
import type { WhyRecord } from './why-log.js';

export interface StartNotificationsOptions {
  /** The server's event feed (`server.onEvent`); returns an unsubscribe function. */
  onEvent(listener: (entry: NotifyEntry) => void): () => void;
  /**
   * The server's publish, for acknowledgements; without it an acknowledgement stays local. Either shape of
   * result is accepted: `{ messageIds }` or the journal entries (`[{ messageId }]`, as `CoreServer.publish`).
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
  /**
   * The PROTOCOL 1.1 acknowledge operation (`POST /v1/incidents/:id/acknowledge`: Detected → Triaged, actor
   * recorded); used for the Acknowledge button and `acknowledge()`. Without it the driver publishes the
   * `incident_updated` itself through `publish`.
   */
  acknowledgeIncident?(incidentId: string, actor: string): Promise<{ messageId?: string }>;
  /** Open the console or window on an incident (the Open button, a click). */
  openIncident?(incidentId: string): void;
  /** Base URL of the web console, once known, for the link in each notification. */
  consoleUrl?(): string | undefined;
  /** What to do for a P0/P1 the channel could not show (headless: terminal bell + stderr line). */
  fallback?: Fallback;
  /** Re-probe the channel this often, ms (sinks that can probe); default 60000, 0 never after the first. */
  probeIntervalMs?: number;
  /** The channel went from ok to degraded or back; default: one plain line on stderr. */
  onChannelChange?(status: ChannelStatus): void;
  /** Each failed delivery (for the failed-delivery metric). */
  onDeliveryFailed?(): void;
}

export interface AcknowledgeResult {
  acknowledgement: Acknowledgement;
  /** Message id of the published `incident_updated`, when the incident is known here and was waiting. */
  publishedMessageId?: string;
}

export interface Notifications {
  /** Unsubscribes, stops the timer, and resolves once notifications already handed to the sink are done. */
  stop(): Promise<void>;
  /** Acknowledges through the owner (`acknowledgeIncident`, else a local publish), then stops the reminders. */
  acknowledge(incidentId: string, who: string): Promise<AcknowledgeResult>;
  /**
   * The owner already accepted an acknowledgement made elsewhere (the console's, through the responder): stops the
   * reminders and records who, without asking the owner again or publishing anything.
   */
  acknowledged(incidentId: string, who: string): Acknowledgement;
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
  /** The channel's state for /health: ok, or degraded with the cause and fix. */
  channel(): ChannelStatus;
  /** Probes the channel now (the sink's probe, when it has one) and returns the new state. */
  probe(): Promise<ChannelStatus>;
  /** Why a message or incident did (or did not) notify: the recent decisions about it, oldest first. */
  why(id: string): WhyRecord[];
  /** Shows a notice about the relay itself (the "not receiving" guard): no rules, no storm, with the fallback. */
  notice(message: NotificationMessage): void;
}
