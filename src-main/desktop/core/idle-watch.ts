// Screen lock and system idle from Electron's powerMonitor, reduced to one "away" flag for escalation.

/** The part of Electron's `powerMonitor` this needs. */
export interface ScreenStatePort {
  on(event: 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume', listener: () => void): unknown;
  getSystemIdleState(idleThresholdSecs: number): 'active' | 'idle' | 'locked' | 'unknown';
}

export interface IdleWatchOptions {
  /** No input for this long counts as away (default 5 minutes). */
  idleThresholdSecs?: number;
  /** How often the idle state is polled (lock/unlock also arrive as events; default 30 s). */
  pollMs?: number;
}

/** Calls `onChange(away)` on each change between at the screen and away (locked, idle, suspended); returns the stop. */
export function watchIdle(power: ScreenStatePort, onChange: (away: boolean) => void, o: IdleWatchOptions = {}): () => void {
  const threshold = o.idleThresholdSecs ?? 300;
  let away = false;
  let locked = false;
  const set = (next: boolean): void => {
    if (next === away) return;
    away = next;
    onChange(away);
  };
  const poll = (): void => {
    const state = power.getSystemIdleState(threshold);
    set(locked || state === 'idle' || state === 'locked');
  };
  const onLock = (): void => {
    locked = true;
    set(true);
  };
  const onUnlock = (): void => {
    locked = false;
    poll();
  };
  power.on('lock-screen', onLock);
  power.on('suspend', onLock);
  power.on('unlock-screen', onUnlock);
  power.on('resume', onUnlock);
  const timer = setInterval(poll, o.pollMs ?? 30_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    power.removeListener('lock-screen', onLock);
    power.removeListener('suspend', onLock);
    power.removeListener('unlock-screen', onUnlock);
    power.removeListener('resume', onUnlock);
  };
}
