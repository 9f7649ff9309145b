// Notification policy settings live in src-shared (the UI edits them too); re-exported here for the notify modules.
export * from '../../src-shared/notify-settings.js';
