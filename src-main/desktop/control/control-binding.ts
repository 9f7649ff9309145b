// The one place the shell binds the control service (src-main/control) to the desktop core.
import { createControlService, publishTokenKeeper } from '../../control/index.js';
import { sendTestNotification } from '../../notify/index.js';
import { loadOrCreatePublishToken } from '../../server/index.js';
import type { ControlFactory, DesktopControl } from './control-port.js';
import { sealedTokenPort } from './sealed-publish-token.js';
import { desktopSecretVault } from './sealed-secret-vault.js';

/** The bridge handlers and pushes over the running core, the notifier and the Electron sink. */
export const createDesktopControl: ControlFactory = async ({ core, sink, secrets, sealedToken, logger }): Promise<DesktopControl> => {
  const { server, relay, dataDir, notifications } = core.core;
  const configured = server.config.publish_token;
  const publishToken = sealedToken !== undefined && configured === sealedToken
    ? sealedTokenPort({ secrets, server, initial: sealedToken })
    : publishTokenKeeper({ server, token: configured ?? loadOrCreatePublishToken(dataDir).token, dataDir, fromConfig: configured !== undefined });
  const service = createControlService({
    server, relay, dataDir, logger, publishToken,
    secrets: desktopSecretVault(secrets, dataDir, logger),
    notifications,
    testNotification: async () => {
      await sendTestNotification(sink);
    },
  });
  return {
    handlers: service.handlers,
    onPush: (listener) => service.subscribe((event, payload) => listener({ event, payload } as Parameters<typeof listener>[0])),
    close: () => service.close(),
  };
};
