/** Injection token of what the engine's readiness reads. */
export const ENGINE_STATUS = Symbol('ENGINE_STATUS');

export interface EngineStatus {
  /** State of the signal subscription: `connecting`, `connected`, `disconnected`, `closed`. */
  subscription(): string;
}
