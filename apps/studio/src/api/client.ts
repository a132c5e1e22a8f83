import { ApiError, EngineUnreachableError } from './api-error';
import type {
  ApiErrorBody,
  CustomerStateAt,
  CustomerView,
  MachineLayout,
  MachineView,
  PopulationCounts,
  PopulationHistory,
  PopulationTransitions,
  StateChange,
  StateCustomers,
  StateId,
  Timeline,
  TransitionWindow,
} from './contract';
import { readEventStream } from './event-stream';

type Query = Record<string, string | number | undefined>;

export type ChangeHandlers = {
  /** The engine accepted the stream: changes from now on will be told. */
  readonly onOpen?: () => void;
  readonly onChange: (change: StateChange) => void;
};

/** Where to travel: after an input of the customer's stream, or to an instant. */
export type TravelPoint = { readonly revision: string } | { readonly at: string };

/**
 * A typed client of the engine's query API (docs/studio-api.md). The key goes in the
 * `Authorization` header of every request, never in a URL.
 */
export class StudioClient {
  constructor(
    private readonly key: string,
    /** The engine's origin; the page's own by default, since the engine serves Studio. */
    private readonly baseUrl: string = location.origin,
    /** Told of every 401, before the request's promise rejects. */
    private readonly onUnauthorized: (error: ApiError) => void = () => undefined,
  ) {}

  machine(): Promise<MachineView> {
    return this.get('/v1/machine');
  }

  /** The machine's statechart as the engine laid it out (once per engine process). */
  machineLayout(): Promise<MachineLayout> {
    return this.get('/v1/machine/layout');
  }

  counts(): Promise<PopulationCounts> {
    return this.get('/v1/population/counts');
  }

  transitions(window: TransitionWindow): Promise<PopulationTransitions> {
    return this.get('/v1/population/transitions', { window });
  }

  history(days?: number): Promise<PopulationHistory> {
    return this.get('/v1/population/history', { days });
  }

  stateCustomers(state: StateId, page: { limit?: number; cursor?: string | null } = {}): Promise<StateCustomers> {
    return this.get(`/v1/population/states/${encodeURIComponent(state)}/customers`, {
      limit: page.limit,
      cursor: page.cursor ?? undefined,
    });
  }

  customer(customerId: string): Promise<CustomerView> {
    return this.get(`/v1/customers/${encodeURIComponent(customerId)}`);
  }

  /** The customer an anonymous id was linked to (404 when unknown). */
  customerOfAnonymousId(anonymousId: string): Promise<{ customerId: string }> {
    return this.get('/v1/customers', { anonymousId });
  }

  timeline(customerId: string, page: { after?: string | null; limit?: number } = {}): Promise<Timeline> {
    return this.get(`/v1/customers/${encodeURIComponent(customerId)}/timeline`, {
      after: page.after ?? undefined,
      limit: page.limit,
    });
  }

  /** Time travel: the customer's state after an input, or at an instant; the engine writes nothing. */
  stateAt(customerId: string, point: TravelPoint): Promise<CustomerStateAt> {
    return this.get(`/v1/customers/${encodeURIComponent(customerId)}/state`, { ...point });
  }

  /**
   * Follows `GET /v1/population/changes` until `signal` aborts (resolves) or the stream fails or
   * ends (rejects, so that the caller can reconnect).
   */
  async changes(handlers: ChangeHandlers, signal: AbortSignal): Promise<void> {
    const response = await this.request('/v1/population/changes', {}, signal, 'text/event-stream');
    if (response.body === null) throw new EngineUnreachableError(this.baseUrl, 'the change stream has no body');
    handlers.onOpen?.();
    try {
      for await (const message of readEventStream(response.body)) {
        if (message.event === 'state') handlers.onChange(JSON.parse(message.data) as StateChange);
      }
    } catch (error) {
      if (signal.aborted) return;
      throw new EngineUnreachableError(this.baseUrl, error);
    }
    if (!signal.aborted) throw new EngineUnreachableError(this.baseUrl, 'the change stream ended');
  }

  private async get<T>(path: string, query: Query = {}): Promise<T> {
    const response = await this.request(path, query, undefined, 'application/json');
    return (await response.json()) as T;
  }

  private async request(path: string, query: Query, signal: AbortSignal | undefined, accept: string) {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, String(value));
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${this.key}`, accept }, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new EngineUnreachableError(this.baseUrl, error);
    }
    if (response.ok) return response;
    const error = await errorOf(response);
    if (error.unauthorized) this.onUnauthorized(error);
    throw error;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: Partial<ApiErrorBody>;
  try {
    body = JSON.parse(text) as ApiErrorBody;
  } catch {
    body = { message: text };
  }
  return new ApiError(
    response.status,
    body.code ?? `HTTP_${response.status}`,
    body.message || `${response.status} ${response.statusText}`,
  );
}
