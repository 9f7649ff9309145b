// Ack positions: the last message id a client acked, by a client-chosen key, so it can resume after it.

export interface AckStore {
  /** The last acked message id for `clientKey`, if any. */
  get(clientKey: string): string | undefined;
  /** Records `messageId` as the client's last ack (last write wins). */
  set(clientKey: string, messageId: string): void;
}

/** Keeps ack positions in a Map: for tests and `--no-journal` runs. */
export class MemoryAckStore implements AckStore {
  private readonly byKey = new Map<string, string>();

  get(clientKey: string): string | undefined {
    return this.byKey.get(clientKey);
  }

  set(clientKey: string, messageId: string): void {
    this.byKey.set(clientKey, messageId);
  }
}
