// Messages between the bench runner, the load-client coordinator and its worker processes (Node IPC, advanced serialization).
import type { ScenarioName } from './scenarios.js';

/** What the runner asks the load client to do against one server. */
export interface ClientJob {
  scenario: ScenarioName;
  quick: boolean;
  /** `http://HOST:PORT` of the server under test. */
  baseUrl: string;
  token: string;
  workers: number;
}

export type RunnerToClient = { kind: 'start'; job: ClientJob } | { kind: 'go' } | { kind: 'stop' };

/** Outcome of the measured phase, as the load client saw it. */
export interface ClientResult {
  deliveries: number;
  /** Publish → receive, one sample per delivery (ms). */
  latenciesMs: Float64Array;
  /** First publish (or replay subscribe) to last delivery (or last 202 for publish-only), ms. */
  elapsedMs: number;
  eventsPublished: number;
  /** Whether every expected delivery arrived before the quiet/cap timeout. */
  complete: boolean;
  /** Load-client CPU (coordinator + workers) during the run, seconds. */
  clientCpuSeconds: number;
  problems: string[];
}

export type ClientToRunner =
  | { kind: 'ready'; connected: number; subscriptions: number; problems: string[] }
  | { kind: 'result'; result: ClientResult }
  | { kind: 'failed'; message: string };

/** A worker's share of the connections. */
export interface WorkerJob {
  scenario: ScenarioName;
  quick: boolean;
  wsUrl: string;
  /** Connection indices [from, to). */
  from: number;
  to: number;
  /** Sent with every subscription (journal-replay). */
  resumeAfter?: string;
}

export type CoordinatorToWorker = { kind: 'connect'; job: WorkerJob } | { kind: 'reset' } | { kind: 'report' } | { kind: 'stop' };

export interface WorkerReport {
  deliveries: number;
  latenciesMs: Float64Array;
  firstAt: number;
  lastAt: number;
  /** When the subscribes were sent and when `replay_complete` arrived (journal-replay), ms. */
  subscribeSentAt: number;
  replayCompleteAt: number;
  cpuSeconds: number;
  problems: string[];
}

export type WorkerToCoordinator =
  | { kind: 'ready'; connected: number; subscriptions: number; problems: string[] }
  | { kind: 'progress'; deliveries: number; lastAt: number }
  | { kind: 'reset-done' }
  | { kind: 'report'; report: WorkerReport }
  | { kind: 'failed'; message: string };
