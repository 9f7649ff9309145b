// Picking the server's port: the configured one if free, else the user is told and offered the next free one.
import { createServer } from 'node:net';
import { describeHolder, findPortHolder, type PortHolder } from './port-holder.js';

/** Resolves null when `port` can be bound on `host`, else the error code (EADDRINUSE, EACCES, ...). */
export type PortProbe = (host: string, port: number) => Promise<string | null>;

/** Binds and releases a TCP server: the same test the core's listener will face. */
export const probeTcpPort: PortProbe = (host, port) => new Promise((resolve) => {
  const server = createServer();
  server.unref();
  server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
});

/** Ports tried after the configured one before giving up and letting the OS choose. */
export const PORT_SEARCH_LIMIT = 50;

/** The first bindable port after `after` (at most PORT_SEARCH_LIMIT tries), else 0: any free port the OS picks. */
export async function nextFreePort(host: string, after: number, probe: PortProbe, limit = PORT_SEARCH_LIMIT): Promise<number> {
  for (let port = after + 1; port <= Math.min(65_535, after + limit); port++) {
    if ((await probe(host, port)) === null) return port;
  }
  return 0;
}

export interface PortConflict {
  host: string;
  requested: number;
  /** Why it cannot be used (EADDRINUSE: another program listens there). */
  code: string;
  /** The offered port; 0 means a free port chosen by the system. */
  suggested: number;
  /** Who listens there (EADDRINUSE), e.g. `node (pid 4242)`. */
  holder?: string;
}

export interface PortDecision {
  port: number;
  /** Save it as the configured port for the next starts. */
  remember: boolean;
}

/** Shows the conflict to the user; resolves their decision, or null when they prefer to quit. */
export type PortConflictPrompt = (conflict: PortConflict) => Promise<PortDecision | null>;

/** The configured port when free; otherwise whatever the user decides about the next free one. */
export async function choosePort(
  host: string, requested: number, probe: PortProbe, prompt: PortConflictPrompt,
  whoHolds: (port: number) => Promise<PortHolder | undefined> = findPortHolder,
): Promise<PortDecision | null> {
  if (requested === 0) return { port: 0, remember: false };
  const code = await probe(host, requested);
  if (code === null) return { port: requested, remember: false };
  const holder = code === 'EADDRINUSE' ? { holder: describeHolder(await whoHolds(requested)) } : {};
  return prompt({ host, requested, code, suggested: await nextFreePort(host, requested, probe), ...holder });
}

/** The dialog's text for a conflict (buttons: 0 = use the suggestion, 1 = quit). */
export function portConflictDialog(c: PortConflict): { title: string; message: string; detail: string; buttons: [string, string]; checkboxLabel: string } {
  const offered = c.suggested === 0 ? 'a free port chosen by the system' : `port ${c.suggested}`;
  const why = c.code !== 'EADDRINUSE'
    ? `The system refused it (${c.code}).`
    : `${c.holder ? `It is held by ${c.holder}` : 'Another program (or another Incident Relay) is already listening there'}. `
      + `If you did not start it, tools sending to port ${c.requested} hand it their publish token: find out what it is.`;
  return {
    title: 'Port unavailable',
    message: `Incident Relay cannot listen on ${c.host}:${c.requested}.`,
    detail: `${why}\n\nStart on ${offered} instead? Tools that publish to port ${c.requested} must then be pointed at the new address.`,
    buttons: [c.suggested === 0 ? 'Use a free port' : `Use port ${c.suggested}`, 'Quit'],
    checkboxLabel: 'Always use this port',
  };
}
