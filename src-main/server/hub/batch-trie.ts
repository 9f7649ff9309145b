// Shares burst concatenations between sessions: sessions that received the same frames in the same order end on
// the same trie node, which concatenates those frames once.

export class BatchNode {
  private children: Map<number, BatchNode> | undefined;
  private joined: Buffer | undefined;

  constructor(private readonly parent: BatchNode | undefined, private readonly frame: Buffer | undefined) {}

  /** The node reached by appending a frame (by its shared id). */
  next(id: number, frame: Buffer): BatchNode {
    this.children ??= new Map();
    let child = this.children.get(id);
    if (!child) this.children.set(id, (child = new BatchNode(this, frame)));
    return child;
  }

  /** The frames from the root to this node, concatenated once and shared. */
  bytes(totalLength: number): Buffer {
    if (!this.joined) {
      const parts: Buffer[] = this.frame ? [this.frame] : [];
      for (let n = this.parent; n?.frame; n = n.parent) parts.push(n.frame);
      this.joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts.reverse(), totalLength);
    }
    return this.joined;
  }
}
