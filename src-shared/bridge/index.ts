// The renderer ↔ main contract in one import: schemas, channel and push maps, the Bridge type and its builder.
export * from './errors.js';
export * from './result.js';
export * from './subscriptions.js';
export * from './incidents.js';
export * from './settings.js';
export * from './upstreams.js';
export * from './server.js';
export * from './why.js';
export * from './escalation.js';
export * from './channels.js';
export * from './pushes.js';
export * from './bridge.js';
export * from './handlers.js';
export * from './exposed-bridge.js';
export * from './console-session.js';
