// The on-call UI's main side in one call: the bridge service over a relay server, and its web console on that server.
import type { IncidentResponder } from '../ingest/index.js';
import type { Notifications } from '../notify/index.js';
import type { UpstreamRelays } from '../relay/index.js';
import type { Logger, CoreServer } from '../server/index.js';
import { createControlService, type ControlService } from './control-service.js';
import { publishTokenKeeper } from './publish-token-keeper.js';
import type { SecretVault } from './secret-vault.js';
import type { EscalationPort } from './escalation-settings-keeper.js';
import { mountWebConsole, type WebConsole } from './web-console.js';

export interface StartControlOptions {
  server: CoreServer;
  relay?: UpstreamRelays;
  notifications?: Notifications;
  dataDir: string;
  /** The publish token the server was created with. */
  publishToken: string;
  /** The token is set in the configuration: rotation is refused (it would not survive a restart). */
  tokenFromConfig: boolean;
  /** Where upstream tokens are kept; default the 0600 file `<dataDir>/ui-secrets.json` (fileSecretVault). */
  secrets?: SecretVault;
  testNotification?: () => Promise<void>;
  logger?: Logger;
  rendererDir?: string;
  /** Acknowledge and resolve from the console through it (write-back to the incident's owner). */
  responder?: IncidentResponder;
  /** The running escalator and the config's escalation: the settings form reads and changes them. */
  escalation?: EscalationPort;
}

export interface Control {
  service: ControlService;
  webConsole: WebConsole;
  /** Closes the console's streams, then the service (before the relay and the server stop); once. */
  close(): Promise<void>;
}

export function startControl(opts: StartControlOptions): Control {
  const publishToken = publishTokenKeeper({ server: opts.server, token: opts.publishToken, dataDir: opts.dataDir, fromConfig: opts.tokenFromConfig });
  const service = createControlService({
    server: opts.server, dataDir: opts.dataDir, publishToken, relay: opts.relay, notifications: opts.notifications,
    ...(opts.secrets ? { secrets: opts.secrets } : {}), ...(opts.responder ? { responder: opts.responder } : {}),
    ...(opts.escalation ? { escalation: opts.escalation } : {}),
    testNotification: opts.testNotification, logger: opts.logger,
  });
  const webConsole = mountWebConsole({
    server: opts.server, service, dataDir: opts.dataDir, publishToken, rendererDir: opts.rendererDir, logger: opts.logger,
  });
  let closing: Promise<void> | undefined;
  return {
    service, webConsole,
    close() {
      closing ??= webConsole.close().then(() => service.close());
      return closing;
    },
  };
}

export { createControlService, type ControlService, type ControlServiceDeps } from './control-service.js';
export { mountWebConsole, type WebConsole, type WebConsoleOptions } from './web-console.js';
export { publishTokenKeeper, type PublishTokenPort } from './publish-token-keeper.js';
export { fileSecretVault, SECRETS_FILE, type SecretVault } from './secret-vault.js';
export { UPSTREAMS_FILE, upstreamTokenKey } from './upstream-manager.js';
export { ESCALATION_SETTINGS_FILE, escalationSecretKey, type EscalationPort } from './escalation-settings-keeper.js';
export { CONSOLE_CSP } from '../../src-shared/web-console.js';
export { SESSION_COOKIE } from './console-sessions.js';
export { CONTROL_STREAM_PATH as STREAM_PATH, STREAM_CLOSE_UNAUTHORIZED } from '../../src-shared/web-console.js';
export { LOGIN_CODE_TTL_MS } from './login-codes.js';
