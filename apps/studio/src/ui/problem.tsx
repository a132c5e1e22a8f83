import { ApiError, EngineUnreachableError } from '../api/api-error';

export type ProblemProps = {
  readonly error: Error;
  /** What was being done: "load the machine", "read the timeline". */
  readonly doing: string;
  readonly retry?: (() => void) | undefined;
};

/** An error as a person can act on it: what failed, why, and what to do. */
export function Problem({ error, doing, retry }: ProblemProps) {
  return (
    <div class="problem" role="alert">
      <p class="problem-title">Could not {doing}.</p>
      <p>{explain(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

function explain(error: Error): string {
  if (error instanceof EngineUnreachableError)
    return `The engine is unreachable (${error.message}). Is Heed running? Start it with "npm start", then try again.`;
  if (error instanceof ApiError) return `The engine answered ${error.status} ${error.code}: ${error.message}`;
  return error.message;
}
