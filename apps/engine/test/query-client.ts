import type { RunningEngine } from '../src/start-engine';
import { API_KEY, EngineHarness } from './engine-harness';

/** An answer of the engine's query API: status and JSON body. */
export interface Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/**
 * Calls the engine's query API as a script would: GET with the harness's key (or another, or none
 * with null), the query parameters URL-encoded.
 */
export function queryClient(url: string) {
  return async <T = Record<string, unknown>>(
    path: string,
    query: Record<string, string | number | undefined> = {},
    key: string | null = API_KEY,
  ): Promise<Answer<T>> => {
    const target = new URL(path, url);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) target.searchParams.set(name, String(value));
    const response = await fetch(target, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
}

/** A store and an engine for a spec file, and a client of the engine's query API. */
export interface QueryApiContext {
  readonly h: EngineHarness;
  readonly engine: RunningEngine;
  readonly get: ReturnType<typeof queryClient>;
}

/**
 * Starts a store and an engine (with `env`) before a spec file's tests and stops them after; the
 * context is filled once they run. Hooks the file registers after this call run after the start.
 */
export function useQueryApi(env: Record<string, string> = {}): QueryApiContext {
  const context = {} as { h: EngineHarness; engine: RunningEngine; get: ReturnType<typeof queryClient> };
  beforeAll(async () => {
    context.h = await EngineHarness.start();
    context.engine = await context.h.startEngine(env);
    context.get = queryClient(context.engine.url);
  });
  afterAll(() => context.h.stop());
  return context;
}
