// The protocol in one import: vocabulary, schemas, filters, matching and priority.
export * from './constants.js';
export * from './entities.js';
export * from './events.js';
export * from './complete-output.js';
export * from './gap-mark.js';
export * from './filters.js';
export * from './subject.js';
export * from './matcher.js';
export * from './priority.js';
export * from './messages.js';
export { parseWith, describeIssues, type Parsed } from '../validation.js';
