#!/usr/bin/env node
// Pretest step: makes sure the system programs the tests start are installed (Debian packages), or names them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Each program the tests start, and the Debian package that provides it. */
const NEEDED = [
  { program: '/usr/bin/chromium', pkg: 'chromium', for: 'UI end-to-end tests (Playwright)' },
  { program: '/usr/bin/Xvfb', pkg: 'xvfb', for: 'desktop notification test (X display)' },
  { program: '/usr/bin/dbus-run-session', pkg: 'dbus', for: 'desktop notification test (session bus)' },
  { program: '/usr/bin/dunst', pkg: 'dunst', for: 'desktop notification test (notification daemon)' },
  { program: '/usr/bin/notify-send', pkg: 'libnotify-bin', for: 'desktop notifications (node-notifier on Linux)' },
  { program: '/usr/bin/prometheus-alertmanager', pkg: 'prometheus-alertmanager', for: 'Alertmanager ingest test' },
  { program: '/usr/lib/python3/dist-packages/websockets/__init__.py', pkg: 'python3-websockets', for: 'the guide\'s Python client example' },
  { program: '/usr/lib/python3/dist-packages/msgpack/__init__.py', pkg: 'python3-msgpack', for: 'the Python MessagePack client test' },
  { program: '/usr/sbin/nats-server', pkg: 'nats-server', for: 'cluster mode tests' },
];

const missing = NEEDED.filter((n) => !existsSync(n.program));
if (missing.length === 0) process.exit(0);

const pkgs = [...new Set(missing.map((m) => m.pkg))];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (!isRoot || !hasApt) {
  console.error('The tests need these system packages, which are not installed:');
  for (const m of missing) console.error(`  ${m.pkg.padEnd(26)} ${m.program}  (${m.for})`);
  console.error(`Install them with: sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`);
  process.exit(1);
}

console.log(`pretest: installing ${pkgs.join(', ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
} catch (err) {
  console.error(`pretest: apt-get failed (${err instanceof Error ? err.message : String(err)}); install by hand: ${pkgs.join(' ')}`);
  process.exit(1);
}
const still = NEEDED.filter((n) => !existsSync(n.program));
if (still.length > 0) {
  console.error(`pretest: still missing after install: ${still.map((s) => s.program).join(', ')}`);
  process.exit(1);
}
