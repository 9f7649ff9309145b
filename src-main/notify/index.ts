// Native notifications in one import: the pure policy, its settings schema, the delivery port and the driver.
export { NotificationPolicy, type Decision, type DecisionReason, type PolicyOptions, type PolicyStatus } from './policy.js';
export {
  NotifySettingsSchema, QuietHoursSchema, UrgencySchema, DEFAULT_RULES, DEFAULT_URGENCY, parseNotifySettings, defaultNotifySettings,
  type NotifySettings, type NotifySettingsInput,
} from './settings.js';
export {
  ACTION_LABELS, systemClock, type Clock, type IncidentLookup, type NotificationActionId, type NotificationActivation,
  type NotificationKind, type NotificationMessage, type NotificationSink, type NotifyEntry, type PlannedNotification, type Urgency,
} from './types.js';
export { acknowledgementEvent, type Acknowledgement } from './acknowledge.js';
export { PLAIN_TEXT_LIMITS, toPlainMessage, toPlainText, plainTitle, plainBody } from './plain-text.js';
export { startNotifications, type Notifications, type StartNotificationsOptions, type AcknowledgeResult } from './driver.js';
export { createNotifySendSink, notifySendArgs, type NotifySendSinkOptions } from './notify-send-sink.js';
export { createNodeNotifierSink, type NodeNotifierSinkOptions, type NodeNotifierLike } from './node-notifier-sink.js';
export {
  createHeadlessSink, sendTestNotification, defaultBackend, TEST_NOTIFICATION, type HeadlessBackend, type HeadlessSinkOptions,
} from './headless.js';
export type { HoldReason, SnoozeView } from './snooze.js';
export type { Reminder } from './reminders.js';
export { type PersistOptions } from './persistence.js';
export {
  NotifyStateSchema, DEFAULT_STATE_LIMITS, DEFAULT_STATE_RETENTION_MS, NOTIFY_STATE_VERSION, emptyNotifyState, pruneNotifyState,
  type NotifyState, type NotifyStateLimits,
} from './notify-state.js';
export { NOTIFY_STATE_FILE_NAME, notifyStateFile, corruptStateFile, loadNotifyState, writeFileAtomic, type StateWarning } from './state-file.js';
export { ChannelHealth, type ChannelState, type ChannelStatus } from './channel-health.js';
export { probeFreedesktop, type ChannelProbe, type ProbeResult } from './freedesktop-probe.js';
export { createTerminalFallback, needsFallback, type Fallback } from './terminal-fallback.js';
export { WhyLog, WHY_CAPACITY, type WhyRecord } from './why-log.js';
export { whyRoutes, type WhyAnswer } from './why-routes.js';
export { registerNotifyMetrics, type NotifyMetrics } from './notify-metrics.js';
export { formatSummary } from './storm-summary.js';
export { incidentLink, ageText } from './format.js';
export { bypassesStorm } from './severity-gate.js';
export { describeRule, type TraceStep, type TraceStage, type TraceOutcome } from './decision-trace.js';
export { supportsActions } from './notify-send-sink.js';
export { formatWhy } from './why-text.js';
export { ReceiveGuard, parseLabelSelector, type ReceiveGuardSettings } from './receive-guard.js';
export { toastXml, toastArguments, parseToastArguments } from './toast-xml.js';
export {
  startEscalation, createPushTargets, acknowledgeTokenOf, testPage, escalationStatus, type Escalator, type EscalationHealth, type EscalationPage, type PushTarget,
  type EscalationSetup, type EscalationProgressStore, type StepProgress, type PushAnswer,
} from './escalation/index.js';
