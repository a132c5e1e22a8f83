import type { LagSample } from './subscription-lag';

/** Injection token of what the engine's readiness reads. */
export const ENGINE_STATUS = Symbol('ENGINE_STATUS');

export interface EngineStatus {
  /** State of the signal subscription: `connecting`, `connected`, `disconnected`, `closed`. */
  subscription(): string;
  /** The replica's lag behind the head of its input stream (sampled at most once a second). */
  lag(): Promise<LagSample>;
  /** Most events of lag with which the replica is still ready (`HEED_ENGINE_READY_MAX_LAG`). */
  readonly readyMaxLag: number;
}
