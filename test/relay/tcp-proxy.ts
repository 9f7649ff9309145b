// The fault proxy under its first name, for the tests that import it from here.
export * from './support/fault-proxy.js';
