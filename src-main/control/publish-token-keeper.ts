// Reveal and rotation of the publish token: the file in the data dir and the running server's authenticator together.
import { BridgeError, type TokenStorage } from '../../src-shared/bridge/index.js';
import { type CoreServer, rotatePublishToken } from '../server/index.js';

export interface PublishTokenPort {
  reveal(): string;
  /** A fresh token, written to the token file and accepted by the server at once; the old one stops working. */
  rotate(): string;
  /** Where the token is kept, for the Connections view. */
  storage?(): TokenStorage;
}

export interface PublishTokenKeeperOptions {
  server: Pick<CoreServer, 'setPublishToken'>;
  token: string;
  dataDir: string;
  /** The token is set in the configuration (`publish_token`), so rotating it here would not survive a restart. */
  fromConfig: boolean;
}

export function publishTokenKeeper(opts: PublishTokenKeeperOptions): PublishTokenPort {
  let token = opts.token;
  return {
    reveal: () => token,
    rotate() {
      if (opts.fromConfig) throw new BridgeError('conflict', 'the publish token is set in the configuration (publish_token); change it there');
      token = rotatePublishToken(opts.dataDir).token;
      opts.server.setPublishToken(token);
      return token;
    },
    storage: () => (opts.fromConfig ? 'config' : 'file'),
  };
}
