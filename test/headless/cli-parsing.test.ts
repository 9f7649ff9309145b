// Unit checks of the shared CLI helpers: URL forms, option specs and did-you-mean.
import { describe, expect, it } from 'vitest';
import { normalizeServerUrl } from '../../src-main/headless/server-address.js';
import { parseCommand, type CommandSpec } from '../../src-main/headless/option-spec.js';
import { closestMatch } from '../../src-main/headless/did-you-mean.js';
import { flagString } from '../../src-main/headless/args.js';

const SPEC: CommandSpec = {
  name: 'demo',
  summary: 'a demo',
  options: [
    { name: 'level', kind: 'list', choices: ['Low', 'High'], help: 'levels' },
    { name: 'json', kind: 'boolean', help: 'json' },
    { name: 'rate', kind: 'number', above: 0, help: 'rate' },
  ],
};

describe('normalizeServerUrl', () => {
  it.each([
    ['ws://127.0.0.1:9000/ws', 'http://127.0.0.1:9000'],
    ['wss://relay.example:443/ws/', 'https://relay.example'],
    ['http://127.0.0.1:9000/', 'http://127.0.0.1:9000'],
    ['127.0.0.1:9000', 'http://127.0.0.1:9000'],
    ['https://host/prefix/ws', 'https://host/prefix'],
  ])('%s → %s', (raw, want) => {
    expect(normalizeServerUrl(raw)).toBe(want);
  });

  it.each(['ftp://host', 'http://', '::::'])('rejects %s with a usage error', (raw) => {
    expect(() => normalizeServerUrl(raw)).toThrow(/is not a server address/);
  });
});

describe('parseCommand', () => {
  it('rewrites choices to their canonical spelling and keeps booleans', () => {
    const req = parseCommand(SPEC, ['--level=low,HIGH', '--json', '--rate', '0.2']);
    expect(req.kind).toBe('run');
    if (req.kind !== 'run') return;
    expect(flagString(req.args, 'level')).toBe('Low,High');
    expect(req.args.flags.get('json')).toEqual([true]);
    expect(flagString(req.args, 'rate')).toBe('0.2');
  });

  it('help and version win over anything else, even a bad flag', () => {
    expect(parseCommand(SPEC, ['--nope', '--help']).kind).toBe('help');
    expect(parseCommand(SPEC, ['--version']).kind).toBe('version');
  });

  it.each([
    [['--levle', 'Low'], /unknown flag --levle for demo \(did you mean --level\?\)/],
    [['--level', 'Mid'], /"Mid" is not valid; choose from Low, High/],
    [['--level', ','], /--level needs at least one value/],
    [['--rate', 'fast'], /--rate must be a number greater than 0 \(got "fast"\)/],
    [['--json=yes'], /--json takes no value/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommand(SPEC, argv)).toThrow(message);
  });
});

describe('closestMatch', () => {
  it('suggests near typos and transpositions, nothing for unrelated words', () => {
    expect(closestMatch('sevrities', ['severities', 'sources'])).toBe('severities');
    expect(closestMatch('tial', ['tail', 'serve'])).toBe('tail');
    expect(closestMatch('banana', ['tail', 'serve'])).toBeUndefined();
    expect(closestMatch('P9', ['P0', 'P1'])).toBeUndefined();
  });
});
