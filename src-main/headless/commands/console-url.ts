// `incident-relay console-url`: asks a running server for a new one-time console URL (needs the admin/publish token).
import { parseArgs } from '../args.js';
import { publishToken, serverUrl } from '../client-options.js';

export async function consoleUrlCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set());
  const url = serverUrl(args);
  const token = publishToken(args);
  if (!token) {
    process.stderr.write('no token: pass --token, set INCIDENT_RELAY_PUBLISH_TOKEN, or run where the server\'s data dir is\n');
    return 2;
  }
  const res = await fetch(`${url}/control/session:login-url`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) {
    process.stderr.write(`console-url failed: HTTP ${res.status} ${text}\n`);
    return 1;
  }
  process.stdout.write(`${(JSON.parse(text) as { url: string }).url}\n`);
  return 0;
}
