// A taken port is reported with who holds it (a real process listening on 127.0.0.1), and another port is offered.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePort, portConflictDialog, probeTcpPort, type PortConflict } from '../../src-main/desktop/core/port-choice.js';
import { describeHolder, findPortHolder, listeningInodes, parseLsof, parseNetstat, parseTasklist } from '../../src-main/desktop/core/port-holder.js';

/** The kernel's name of the child (its executable's name, cut to 15 characters). */
const NAME = basename(process.execPath).slice(0, 15);
let child: ChildProcess;
let port: number;
beforeAll(async () => {
  child = spawn(process.execPath, ['-e', "require('net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port) })"], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout!, 'data') as [Buffer];
  port = Number(line.toString().trim());
});
afterAll(async () => {
  child.kill();
  await once(child, 'exit');
});

describe('who holds a port', () => {
  it.runIf(process.platform === 'linux')('names the process listening there (Linux, from /proc)', async () => {
    expect(await findPortHolder(port)).toEqual({ pid: child.pid, name: NAME });
  });

  it.runIf(process.platform === 'linux')('puts it in the conflict dialog, with the other port offered and a warning about tokens', async () => {
    const asked: PortConflict[] = [];
    await choosePort('127.0.0.1', port, probeTcpPort, async (c) => { asked.push(c); return null; });
    expect(asked[0]).toMatchObject({ requested: port, code: 'EADDRINUSE', holder: `${NAME} (pid ${child.pid})` });
    const text = portConflictDialog(asked[0]!);
    expect(text.detail).toContain(`It is held by ${NAME} (pid ${child.pid}).`);
    expect(text.detail).toContain('hand it their publish token');
    expect(text.buttons[0]).toMatch(/^Use (port \d+|a free port)$/);
  });

  it('reads the other systems\' tools', () => {
    expect(parseLsof('p4242\ncnode\nf23\n')).toEqual({ pid: 4242, name: 'node' });
    expect(parseLsof('')).toBeUndefined();
    const netstat = '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n'
      + '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1012\r\n  TCP    127.0.0.1:8080         0.0.0.0:0              LISTENING       5560\r\n'
      + '  TCP    127.0.0.1:50432        127.0.0.1:8080         ESTABLISHED     7000\r\n';
    expect(parseNetstat(netstat, 8080)).toBe(5560);
    expect(parseNetstat(netstat, 9090)).toBeUndefined();
    expect(parseTasklist('"python.exe","5560","Console","1","12,345 K"\r\n')).toBe('python.exe');
    const tcp = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
      + '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 55501 1 0\n'
      + '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 55502 1 0\n';
    expect(listeningInodes(tcp, 8080)).toEqual(['55501']);
    expect(describeHolder(undefined)).toMatch(/cannot see/);
    expect(describeHolder({ pid: 7 })).toBe('pid 7');
  });
});
