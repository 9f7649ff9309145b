// Quitting without losing clients: the first quit request is held until the core drained, then the app really quits.
import type { PreventableEvent } from '../window/navigation-guard.js';

/** The part of Electron's `app` the quit sequence uses. */
export interface QuitAppPort {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  quit(): void;
  exit(exitCode?: number): void;
}

/** Electron's `powerMonitor` (Linux and macOS emit `shutdown` before the OS goes down). */
export interface ShutdownPort {
  on(event: 'shutdown', listener: (event: PreventableEvent) => void): unknown;
}

export type QuitPhase = 'running' | 'draining' | 'drained';

export interface GracefulQuitOptions {
  app: QuitAppPort;
  /** Stops the core: the server sends `closing {shutdown}` and drains its sessions. */
  drain(): Promise<void>;
  onLog?(message: string): void;
  /** If draining hangs this long (ms), the app exits anyway. Default 10 s (the server's own grace is 2 s). */
  forceAfterMs?: number;
}

export class GracefulQuit {
  private phase: QuitPhase = 'running';
  private drained: Promise<void> | undefined;

  constructor(private readonly options: GracefulQuitOptions) {
    options.app.on('before-quit', (event) => this.onBeforeQuit(event));
  }

  /** Quits on OS shutdown too (the handler delays the shutdown until the core drained). */
  watchShutdown(power: ShutdownPort): void {
    power.on('shutdown', (event) => {
      event.preventDefault();
      this.requestQuit();
    });
  }

  /** From the tray, the menu, a signal or a session end: the same path as Cmd+Q. */
  requestQuit(): void {
    this.options.app.quit();
  }

  /** True once a quit started: windows then close instead of hiding to the tray. */
  isQuitting(): boolean {
    return this.phase !== 'running';
  }

  currentPhase(): QuitPhase {
    return this.phase;
  }

  /** Resolves when the drain finished (immediately if no quit started). */
  whenDrained(): Promise<void> {
    return this.drained ?? Promise.resolve();
  }

  private onBeforeQuit(event: PreventableEvent): void {
    if (this.phase === 'drained') return; // second pass: let Electron quit
    event.preventDefault();
    if (this.phase === 'draining') return;
    this.phase = 'draining';
    this.options.onLog?.('quitting: draining the server');
    const force = setTimeout(() => {
      this.options.onLog?.('drain took too long; exiting');
      this.options.app.exit(0);
    }, this.options.forceAfterMs ?? 10_000);
    force.unref();
    this.drained = this.options.drain()
      .catch((err: unknown) => this.options.onLog?.(`drain failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        clearTimeout(force);
        this.phase = 'drained';
        this.options.app.quit();
      });
  }
}
