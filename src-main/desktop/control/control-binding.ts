// The one place the shell binds the control service (src-main/control) to the desktop core.
import { createControlService, publishTokenKeeper } from '../../control/index.js';
import { sendTestNotification } from '../../notify/index.js';
import type { ControlFactory, DesktopControl } from './control-port.js';
import { keychainTokenPort, type KeychainTokenPort } from './keychain-token-port.js';
import { desktopSecretVault } from './sealed-secret-vault.js';

/** The bridge handlers and pushes over the running core, the notifier and the Electron sink. */
export const createDesktopControl: ControlFactory = async ({ core, sink, secrets, publishToken: start, readToken, logger }): Promise<DesktopControl> => {
  const { server, relay, dataDir, notifications } = core.core;
  // The token the app chose (configured, else the data dir's file); a configured one may be the keychain's.
  const chosen = core.core.publishToken;
  const { source } = start;
  // A token from the configuration file or environment wins over the keychain's (as it did for the core).
  const keychain: KeychainTokenPort | undefined = source.kind !== 'file' && start.startToken !== undefined && chosen.fromConfig && chosen.token === start.startToken
    ? keychainTokenPort({ secrets, server, source, onUnlocked: () => logger.info('the OS keychain opened: the sealed publish token is in use again') })
    : undefined;
  const publishToken = keychain ?? publishTokenKeeper({ server, token: chosen.token, dataDir, fromConfig: chosen.fromConfig });
  const service = createControlService({
    server, relay, dataDir, logger, publishToken, ...(readToken ? { readToken } : {}),
    secrets: desktopSecretVault(secrets, dataDir, logger),
    notifications,
    responder: core.core.responder,
    // The escalation settings form: push-target secrets go to the same sealed vault as upstream tokens.
    escalation: { escalator: core.core.escalation, ...(core.core.escalationConfig ? { configured: core.core.escalationConfig } : {}) },
    testNotification: async () => {
      await sendTestNotification(sink);
    },
  });
  return {
    handlers: service.handlers,
    onPush: (listener) => service.subscribe((event, payload) => listener({ event, payload } as Parameters<typeof listener>[0])),
    close: async () => {
      keychain?.close();
      await service.close();
    },
  };
};
