// Starts the benchmark's child processes with a raised open-file limit, and stops every one of them.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** 5,000 sockets per side need more than the common default of 1,024 descriptors. */
const FILE_LIMIT = 65_535;
// `exec` keeps the pid, so /proc/<pid> of the child is the Node process itself.
const RAISE_LIMIT = `ulimit -n ${FILE_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true; exec "$@"`;

const live = new Set<ChildProcess>();

/** Spawns `node <args>` through `sh` after raising `ulimit -n`; tracked until it exits. */
export function spawnNode(args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn('sh', ['-c', RAISE_LIMIT, 'sh', process.execPath, ...args], options);
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Resolves once the child has exited: SIGTERM first, SIGKILL after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(killer); resolve(); });
    child.kill('SIGTERM');
  });
}

/** Stops every child still running (on the way out, also after a failure or Ctrl-C). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((c) => stopChild(c, 2_000)));
}
