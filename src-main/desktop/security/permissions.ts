// The session's permission policy: the app's own page may write the clipboard and show notifications; nothing else, no one else.

/** What the app uses: "Copy" buttons (navigator.clipboard.writeText) and page notifications. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'notifications']);

/** The part of Electron's Session the permission policy sets (the URL is the requesting page's, or its origin). */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (permission: string, requestingUrl: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (permission: string, requestingOrigin: string) => boolean): void;
}

export interface PermissionPolicyOptions {
  /** Whether a URL or origin is the app's own page (createAppUrlCheck). */
  isAppPage(url: string): boolean;
  /** A refused request or check, for the log. */
  onDenied?(permission: string, url: string): void;
}

/** Whether `permission` is granted to a page at `url`. */
export function isPermissionAllowed(permission: string, url: string, isAppPage: (url: string) => boolean): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppPage(url);
}

/** Sets both handlers: allowed permissions for the app's page, every other request and check denied. */
export function applyPermissionPolicy(session: PermissionSession, options: PermissionPolicyOptions): void {
  const decide = (permission: string, url: string): boolean => {
    const granted = isPermissionAllowed(permission, url, options.isAppPage);
    if (!granted) options.onDenied?.(permission, url);
    return granted;
  };
  session.setPermissionRequestHandler((permission, url, callback) => callback(decide(permission, url)));
  session.setPermissionCheckHandler((permission, origin) => decide(permission, origin));
}
