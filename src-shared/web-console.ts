// Facts both ends of the web console share: the /control paths, the push stream's close code, the page's CSP.

/** `POST /control/<channel>` runs a bridge channel. */
export const CONTROL_PATH = '/control';
/** `POST` the one-time code from the console URL here for the session cookie. */
export const CONTROL_LOGIN_PATH = `${CONTROL_PATH}/login`;
/** The push WebSocket of a signed-in page. */
export const CONTROL_STREAM_PATH = `${CONTROL_PATH}/stream`;
/** Close code for a stream whose session ended (the page then shows "signed out"). */
export const STREAM_CLOSE_UNAUTHORIZED = 4401;

/** The page's Content-Security-Policy as a meta tag carries it (Electron and the browser console). */
export const PAGE_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
  "img-src 'self' data:", "base-uri 'none'", "form-action 'none'",
].join('; ');

/** The same policy as the server's header, which can also forbid framing (a meta tag cannot). */
export const CONSOLE_CSP = `${PAGE_CSP}; frame-ancestors 'none'`;
