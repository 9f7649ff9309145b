// Who listens on a TCP port: /proc on Linux, lsof on macOS, netstat + tasklist on Windows; for the port-conflict dialog.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PortHolder {
  pid: number;
  /** The program's name, when the OS tells (another user's processes may be hidden). */
  name?: string;
}

/** Socket inodes listening on `port` in /proc/net/tcp{,6} text (state 0A = LISTEN). */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return procNetTcp.split('\n').slice(1).map((line) => line.trim().split(/\s+/)).filter((f) => f.length > 9 && f[1]!.endsWith(`:${hexPort}`) && f[3] === '0A').map((f) => f[9]!);
}

function linuxHolder(port: number, proc = '/proc'): PortHolder | undefined {
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const inodes = new Set([...listeningInodes(read(join(proc, 'net', 'tcp')), port), ...listeningInodes(read(join(proc, 'net', 'tcp6')), port)]);
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(join(proc, entry, 'fd'));
    } catch {
      continue; // another user's process: its descriptors are not ours to read
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(join(proc, entry, 'fd', fd));
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return { pid: Number(entry), ...(read(join(proc, entry, 'comm')).trim() ? { name: read(join(proc, entry, 'comm')).trim() } : {}) };
    }
  }
  return undefined;
}

/** `lsof -nP -iTCP:<port> -sTCP:LISTEN -Fpc` output: `p<pid>` then `c<command>` lines. */
export function parseLsof(output: string): PortHolder | undefined {
  const pid = /^p(\d+)$/m.exec(output)?.[1];
  const name = /^c(.+)$/m.exec(output)?.[1];
  return pid ? { pid: Number(pid), ...(name ? { name } : {}) } : undefined;
}

/** The PID listening on `port` in `netstat -ano -p TCP` output (Windows). */
export function parseNetstat(output: string, port: number): number | undefined {
  for (const line of output.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'TCP' && f[3] === 'LISTENING' && f[1]?.endsWith(`:${port}`)) return Number(f[4]);
  }
  return undefined;
}

/** The image name in `tasklist /FI "PID eq n" /FO CSV /NH` output. */
export function parseTasklist(output: string): string | undefined {
  return /^"([^"]+)"/.exec(output.trim())?.[1];
}

/** Finds the process listening on `port`; undefined when unknown (never throws: the dialog is shown either way). */
export async function findPortHolder(port: number, platform: NodeJS.Platform = process.platform): Promise<PortHolder | undefined> {
  try {
    if (platform === 'linux') return linuxHolder(port);
    if (platform === 'darwin') return parseLsof((await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { timeout: 3000 })).stdout);
    if (platform === 'win32') {
      const pid = parseNetstat((await run('netstat', ['-ano', '-p', 'TCP'], { timeout: 3000, windowsHide: true })).stdout, port);
      if (pid === undefined) return undefined;
      const name = parseTasklist((await run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH'], { timeout: 3000, windowsHide: true })).stdout);
      return { pid, ...(name ? { name } : {}) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** "node (pid 4242)", "pid 4242", or a sentence for a holder the OS does not show. */
export function describeHolder(holder: PortHolder | undefined): string {
  if (!holder) return 'a program this user cannot see (another user\'s, or a system service)';
  return holder.name ? `${holder.name} (pid ${holder.pid})` : `pid ${holder.pid}`;
}
