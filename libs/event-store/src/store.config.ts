import { Env } from '@heed/config';
import { IsString, Matches } from 'class-validator';

/** Where the event store is. Every Heed service talks to it through `@eventstore/db-client`. */
export class StoreConfig {
  /**
   * An EventStoreDB connection string. The default points at the embedded store that
   * `npm start` runs; production points it at an EventStoreDB / KurrentDB cluster.
   */
  @Env('HEED_STORE_URL')
  @IsString()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\//, {
    message: 'expected an EventStoreDB connection string such as esdb://127.0.0.1:2113?tls=false',
  })
  url = 'esdb://127.0.0.1:2113?tls=false';
}
