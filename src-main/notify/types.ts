// The notification ports: the clock, the delivery sink, and the narrow view of the server the policy needs.
import type { Incident, IncidentEvent, Severity, Subject } from '../../src-shared/protocol/index.js';

/** Milliseconds since the epoch; a fake replaces it in tests. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

import type { Urgency } from './settings.js';

export type { Urgency };

/** Buttons a platform may offer on a notification; labels are in `ACTION_LABELS`. */
export type NotificationActionId = 'acknowledge' | 'snooze_1h' | 'open';

export const ACTION_LABELS: Readonly<Record<NotificationActionId, string>> = {
  acknowledge: 'Acknowledge',
  snooze_1h: 'Snooze 1 h',
  open: 'Open',
};

/** What a sink shows. Text is plain; adapters still sanitize it (see plain-text.ts). */
export interface NotificationMessage {
  title: string;
  body: string;
  urgency: Urgency;
  /** Lower-case incident id the notification is about (absent for summaries and tests). */
  incidentId?: string;
  severity?: Severity;
  /** Offered where the platform supports buttons; a sink that cannot show them ignores them. */
  actions?: readonly NotificationActionId[];
}

/** A user clicked a notification (`open`) or one of its buttons. */
export interface NotificationActivation {
  action: NotificationActionId;
  incidentId: string;
}

/** The delivery port: one adapter per platform (node-notifier headless, Electron desktop). */
export interface NotificationSink {
  show(n: NotificationMessage): Promise<void>;
  /** Sinks that report clicks and buttons implement this; returns an unsubscribe function. */
  onActivation?(listener: (a: NotificationActivation) => void): () => void;
  /** Releases what the sink holds (e.g. notify-send processes waiting for a button). */
  close?(): void;
}

/** The fields of a server `JournalEntry` the policy reads (a JournalEntry is assignable to it). */
export interface NotifyEntry {
  messageId: string;
  event: IncidentEvent;
  /** Lower-case incident id of the event's subject, if any. */
  incidentId?: string;
  /** What the hub matched the event on when it was published (PROTOCOL.md section 3); rules match on it too. */
  subject: Subject;
}

/** Latest known version of an incident by lower-case id (the server's `incidents.get`). */
export type IncidentLookup = (lowerCaseId: string) => Incident | undefined;

/** What produced a notification; summaries name the kinds they fold. */
export type NotificationKind = 'incident' | 'escalation' | 'alert' | 'resolved' | 'update' | 'reminder' | 'summary';

/** A notification the policy decided to show, with what the storm summary and bookkeeping need. */
export interface PlannedNotification extends NotificationMessage {
  kind: NotificationKind;
  /** Short name for summaries: first affected resource, else source, else title. */
  label: string;
  /** The title without the severity prefix, for summary bodies. */
  headline: string;
  /** Journal message id of the event, absent for reminders and summaries. */
  messageId?: string;
  /** A summary's held notifications, by message id (so `why` can say which summary showed them). */
  members?: readonly string[];
}
