// The journal's origin of a relayed event: `<upstream>|<message id>`, or `<upstream>!|<message id>` when it came out_of_order.

/** Upstream names cannot hold `!` (nor `|`), so the out-of-order form never starts with any upstream's in-order prefix. */
const AHEAD_MARK = '!';

/**
 * The origin journaled with an upstream event. An `out_of_order` one (PROTOCOL 1.1 §5) is journaled in its own form,
 * so that the newest in-order origin, the resume point after a restart, is one prefix lookup (`lastOrigin`).
 */
export function originKey(upstream: string, messageId: string, outOfOrder = false): string {
  return `${upstream}${outOfOrder ? AHEAD_MARK : ''}|${messageId}`;
}

/** The prefix of every in-order origin of `upstream`. */
export function inOrderPrefix(upstream: string): string {
  return `${upstream}|`;
}

/** The upstream and message id an origin names (either form); undefined for a string that is not an origin. */
export function parseOriginKey(origin: string): { upstream: string; messageId: string; outOfOrder: boolean } | undefined {
  const bar = origin.indexOf('|');
  if (bar <= 0) return undefined;
  const outOfOrder = origin[bar - 1] === AHEAD_MARK;
  const upstream = origin.slice(0, outOfOrder ? bar - 1 : bar);
  if (upstream === '') return undefined;
  return { upstream, messageId: origin.slice(bar + 1), outOfOrder };
}
