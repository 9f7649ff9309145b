// The JSON nesting guard: refuses only what nests deeper than the limit, skipping brackets inside strings.
import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../src-main/server/transport/json-depth.js';
import { created, incident } from '../support/fixtures.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const nested = (d: number) => `${'['.repeat(d)}${']'.repeat(d)}`;

describe('exceedsJsonDepth', () => {
  it('passes protocol messages and events, and nesting up to the limit', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ type: 'subscribe', subscription_id: 'a', filters: { labels: { a: 'b' }, severities: ['P0'] } })))).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify(created(incident()))))).toBe(false);
    expect(exceedsJsonDepth(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
  });

  it('refuses one level past the limit, in arrays, objects or unterminated input', () => {
    expect(exceedsJsonDepth(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(exceedsJsonDepth(bytes(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`))).toBe(true);
    expect(exceedsJsonDepth(bytes('['.repeat(30_000)))).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ type: 'ping', timestamp: '['.repeat(1000) })))).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ type: 'ping', timestamp: `\\"${'{'.repeat(1000)}` })))).toBe(false);
  });
});
