// Counts the pings a socket sent and the pongs that answered them, so a replay can wait for the client to catch up.

/** Pongs answer pings in order (RFC 6455 §5.5.3), so "n pongs received" means the peer read past the n-th ping. */
export class PongCounter {
  pingsSent = 0;
  private pongs = 0;
  private waiters: { count: number; done(answered: boolean): void }[] = [];

  sentPing(): void {
    this.pingsSent += 1;
  }

  receivedPong(): void {
    this.pongs += 1;
    if (this.waiters.length === 0) return;
    const due = this.waiters.filter((w) => w.count <= this.pongs);
    this.waiters = this.waiters.filter((w) => w.count > this.pongs);
    for (const w of due) w.done(true);
  }

  /** Resolves true once `count` pongs arrived, false after `timeoutMs` or when the socket closed. */
  whenPonged(count: number, timeoutMs: number): Promise<boolean> {
    if (this.pongs >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = { count, done: (answered: boolean) => { clearTimeout(timer); resolve(answered); } };
      this.waiters.push(waiter);
    });
  }

  /** The socket closed: nobody waits any longer. */
  closed(): void {
    for (const w of this.waiters.splice(0)) w.done(false);
  }
}
