// The streaming core's only public face: the server factory, its config, its ports (journal, incident store, logger) and HTTP helpers for routes.
export { createCoreServer, SERVER_VERSION } from './server.js';
export type { CoreServer, CoreServerOptions, JournalView, UpgradeRoute } from './server.js';
export type { InProcessListener, InProcessSubscriber } from './routing/in-process-subscriber.js';

export { ConfigSchema, UpstreamConfigSchema } from './config/schema.js';
export type { AppConfig, ConfigInput, UpstreamConfig } from './config/schema.js';
export { ConfigError, coerceValue, configFromEnv, configFromFile, loadConfig, parseConfig } from './config/load.js';
export { defaultDataDir } from './config/data-dir.js';
export { tightenDataDir } from './config/data-dir-modes.js';

export { formatMessageId, parseMessageId, positionedEntry } from './journal/journal.js';
export type { Journal, JournalDelivery, JournalEntry, NewJournalEntry, ResumePoint, ReplayFilter } from './journal/journal.js';
export { MemoryJournal } from './journal/memory-journal.js';
export { SqliteJournal } from './journal/sqlite-journal.js';
export { EntryRing } from './journal/entry-ring.js';

export { MemoryIncidentStore, type IncidentStore } from './incidents/incident-store.js';
export { SqliteIncidentStore, type SqliteIncidentStoreOptions } from './incidents/sqlite-incident-store.js';
export { compareNewestFirst, isClosedIncident, matchesQuery, queryInMemory, type IncidentQueryResult, type IncidentStoreQuery } from './incidents/incident-filter.js';
export { DEFAULT_MEMORY_BOUNDS, IncidentMemory, updatedMs, type IncidentMemoryBounds } from './incidents/incident-memory.js';
export { applyToIncidents } from './hub/hub.js';

export { createLogger, type Logger, type LogLevel } from './telemetry/logger.js';

export { PUBLISH_TOKEN_FILE, loadOrCreatePublishToken, rotatePublishToken } from './auth/publish-token.js';
export { bearerToken } from './auth/authenticator.js';
export { checkHost, isLoopbackHost, type BrowserSafetyPolicy } from './http/browser-safety.js';
export { HttpError, readJsonBody, sendJson } from './http/json-io.js';
export { checkEvents, checkPublishBody, PublishRefusedError, type PublishCheck, type PublishRefusal } from './publish/publish-check.js';
export type { HttpRoute, RouteContext } from './http/router.js';
export type { AlertConverter } from './http/routes/alerts.js';
export { refuseUpgrade } from './endpoint/upgrade.js';
