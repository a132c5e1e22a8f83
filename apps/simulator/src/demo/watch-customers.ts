/** Prints, as they happen, the state changes of a few customers read from the engine's query API. */
export class CustomerWatcher {
  private readonly last = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engineUrl: string,
    private readonly apiKey: string,
    private readonly customers: ReadonlyArray<{ customerId: string; label: string }>,
    private readonly print: (line: string) => void,
  ) {}

  start(everyMs = 2_000): void {
    this.timer = setInterval(() => void this.poll(), everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.poll();
  }

  private async poll(): Promise<void> {
    for (const { customerId, label } of this.customers) {
      try {
        const response = await fetch(`${this.engineUrl}/v1/customers/${encodeURIComponent(customerId)}`, {
          headers: { authorization: `Bearer ${this.apiKey}` },
        });
        if (!response.ok) continue;
        const view = (await response.json()) as { summary?: { state?: Record<string, unknown> } };
        const state = describe(view.summary?.state);
        if (state !== this.last.get(customerId)) {
          this.print(
            `${customerId} (${label}): ${this.last.has(customerId) ? `${this.last.get(customerId)} → ` : ''}${state}`,
          );
          this.last.set(customerId, state);
        }
      } catch {
        // The engine may be busy or restarting; the next poll tries again.
      }
    }
  }
}

function describe(state: Record<string, unknown> | undefined): string {
  if (state === undefined) return '?';
  return ['engagement', 'fraud', 'cart']
    .map((region) => {
      const value = state[region];
      return typeof value === 'object' && value !== null ? Object.keys(value)[0] : String(value);
    })
    .join(' / ');
}
