// The transport port a session writes to: whole frames out, raw bytes waiting, close and terminate.

/** How a session's messages are written: JSON text frames, MessagePack binary frames (PROTOCOL 1.1 §1), or SSE chunks. */
export type WireFormat = 'json' | 'msgpack' | 'sse';

export interface SessionSocket {
  /** The session's wire format; every frame written to it is in this format. */
  readonly format: WireFormat;
  /** Writes complete frames; false when the socket is no longer writable. */
  writeFrame(frame: Buffer): boolean;
  /** Bytes accepted but not yet handed to the kernel. */
  bufferedBytes(): number;
  /** Window bits of negotiated permessage-deflate for server messages, or null without compression. */
  readonly deflateWindowBits: number | null;
  /** Window bits for replayed events: null when they go plain (`replay_compression`); absent means `deflateWindowBits`. */
  readonly replayWindowBits?: number | null;
  /** Sends a WebSocket ping frame. */
  ping(): void;
  /** Pings sent so far (heartbeat and replay pacing alike). */
  readonly pingsSent: number;
  /** Resolves true once the peer answered the first `count` pings, false after `timeoutMs` or on close. */
  whenPonged(count: number, timeoutMs: number): Promise<boolean>;
  /** Starts the close handshake. */
  close(code: number, reason: string): void;
  /** Stops reading inbound bytes (an abusive peer's backlog is not parsed). */
  pauseReading(): void;
  /** Drops the connection at once. */
  terminate(): void;
  readonly isOpen: boolean;
}

/** Callbacks the transport adapter raises into the session. */
export interface SessionSocketEvents {
  onText(data: Buffer): void;
  onBinary(data: Buffer): void;
  onPong(): void;
  onDrain(): void;
  onClose(code: number): void;
  /** The peer sent a message over the payload limit: the transport closes the connection with 1009 itself. */
  onTooBig(): void;
}
