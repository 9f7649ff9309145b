// Decides whether a session's replayed events are deflated: always, never, or (auto) unless the peer is on loopback.

/** The `replay_compression` setting. */
export type ReplayCompression = 'auto' | 'always' | 'never';

/** True for 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * Whether replayed frames of a session that negotiated permessage-deflate are sent deflated. On loopback, bytes cost
 * nothing while a client such as `ws` pays a zlib thread-pool round trip per message (100k replayed events: 16.5 s
 * deflated vs 2 s plain in `npm run bench`), so `auto` sends them plain there; live frames stay deflated either way.
 */
export function deflatesReplay(setting: ReplayCompression, remoteAddress: string | undefined): boolean {
  if (setting === 'auto') return !isLoopbackAddress(remoteAddress);
  return setting === 'always';
}
