/** The chart could not be laid out (the layout worker failed); mapped to HTTP 500 by `MachineLayoutErrorFilter`. */
export class MachineLayoutError extends Error {
  readonly code = 'MACHINE_LAYOUT_FAILED';

  constructor(reason: string) {
    super(`the statechart's layout failed: ${reason}`);
    this.name = 'MachineLayoutError';
  }
}
