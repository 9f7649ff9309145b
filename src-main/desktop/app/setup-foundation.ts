// Start-up steps before the core: one instance, the app page's security, settings, and the tokens from the keychain.
import { dirname } from 'node:path';
import type { MainWindow } from '../window/main-window.js';
import { openReadToken, type ReadToken } from '../control/read-token.js';
import { openPublishToken, startPublishToken, type PublishTokenSource } from '../control/sealed-publish-token.js';
import { SecretStore } from '../settings/secret-store.js';
import { SettingsStore } from '../settings/settings-store.js';
import { applyPermissionPolicy } from '../security/permissions.js';
import { APP_SCHEME, createAppProtocolHandler } from '../window/app-protocol.js';
import { createAppUrlCheck } from '../window/app-url.js';
import type { DesktopPorts } from './desktop-ports.js';

/** The window a second launch or a dock click focuses, once it exists. */
export interface WindowSlot { current?: MainWindow }

/** Whether a frame URL is the app's own page (app://bundle). */
export type AppPageCheck = (url: string) => boolean;

export interface DesktopSecrets {
  secrets: SecretStore;
  /** Where the publish token comes from, and the token the core starts with (undefined: the token file). */
  publishToken: { source: PublishTokenSource; startToken: string | undefined };
  readToken?: ReadToken;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Null when another instance runs (it takes the focus; this one quits). */
export function setupSingleInstance({ app, logger }: Pick<DesktopPorts, 'app' | 'logger'>): WindowSlot | null {
  if (!app.requestSingleInstanceLock()) {
    logger.info('Incident Relay is already running; the first instance takes the focus');
    app.quit();
    return null;
  }
  // A second launch or a dock click before the window exists (still starting) does nothing.
  const slot: WindowSlot = {};
  app.on('second-instance', () => slot.current?.showAndFocus());
  app.on('activate', () => slot.current?.showAndFocus());
  return slot;
}

/** After Electron is ready: permissions for the app's page only, and the app:// scheme serving the bundle. */
export async function setupAppPage(ports: Pick<DesktopPorts, 'app' | 'logger' | 'paths' | 'session' | 'handleProtocol'>): Promise<AppPageCheck> {
  await ports.app.whenReady();
  const isAppPage = createAppUrlCheck(ports.paths.renderer);
  applyPermissionPolicy(ports.session, { isAppPage, onDenied: (permission, url) => ports.logger.info('permission denied', { permission, url: url.slice(0, 200) }) });
  ports.handleProtocol(APP_SCHEME, createAppProtocolHandler(dirname(ports.paths.renderer.indexFile)));
  return isAppPage;
}

export function setupSettings({ settingsBackend, logger }: Pick<DesktopPorts, 'settingsBackend' | 'logger'>): SettingsStore {
  const { store, report } = SettingsStore.open(settingsBackend);
  if (report.recovered) logger.warn('settings file unusable; started with defaults', { reason: report.recovered.reason, keptAt: report.recovered.keptAt });
  if (report.migrated.length > 0) logger.info('settings migrated', { migrations: report.migrated });
  if (report.writeError) logger.warn('settings cannot be saved', { error: report.writeError });
  return store;
}

/** The publish and read tokens: sealed in the keychain, or files; a locked keychain is waited for, never replaced. */
export function setupSecrets(ports: Pick<DesktopPorts, 'safeStorage' | 'secretBackend' | 'paths' | 'logger'>, store: SettingsStore): DesktopSecrets {
  const { logger } = ports;
  const secrets = new SecretStore(ports.safeStorage, store, ports.secretBackend);
  secrets.onUnreadable = (name) => logger.warn('a stored secret can no longer be decrypted; enter it again', { name });
  let source: PublishTokenSource = { kind: 'file' };
  try {
    source = openPublishToken(secrets, ports.paths.dataDir);
  } catch (err) {
    logger.warn('the publish token cannot be sealed; using the token file', { error: message(err) });
  }
  if (source.kind === 'locked') logger.warn('the sealed publish token cannot be opened yet; waiting for the OS keychain (publishers are refused meanwhile)', { reason: source.reason });
  if (source.kind === 'keychain' && source.movedFromFile) logger.info('the publish token moved from its file into the OS keychain (unchanged)');
  let readToken: ReadToken | undefined;
  try {
    readToken = openReadToken(secrets, ports.paths.dataDir);
  } catch (err) {
    logger.warn('the read token cannot be kept; reads need another token this run', { error: message(err) });
  }
  return { secrets, publishToken: { source, startToken: startPublishToken(source) }, ...(readToken ? { readToken } : {}) };
}
