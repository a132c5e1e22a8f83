import type { EventStoreDBClient } from '@eventstore/db-client';
import { readPage } from '@heed/actors';
import { aliasStream } from '@heed/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { STORE_CLIENT } from '../engine-options';

/**
 * Finds the customer an anonymous id was linked to by an `identify` call (docs/identity.md): the
 * first event of `alias-<anonymousId>`, which ingest writes with expected revision `no_stream`.
 */
@Injectable()
export class IdentityLinks {
  constructor(@Inject(STORE_CLIENT) private readonly client: EventStoreDBClient) {}

  /** The linked customer's id, or undefined for an anonymous id never linked. */
  async customerOf(anonymousId: string): Promise<string | undefined> {
    const [link] = await readPage(this.client, aliasStream(anonymousId), 0n, 1);
    const data = link?.event?.data as { customerId?: unknown } | undefined;
    return typeof data?.customerId === 'string' ? data.customerId : undefined;
  }
}
