// The shared protocol conformance suite, run against a started `incident-relay serve` with default settings.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { expectConformance } from '../support/conformance.js';

let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe();
});
afterAll(async () => {
  await serve.stop();
});

describe('conformance suite', () => {
  it('passes every check against serve', () => {
    expectConformance(serve.port, serve.token);
  }, 150_000);
});
