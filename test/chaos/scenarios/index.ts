import type { Scenario } from '../scenario';
import { connectKills } from './connect-kills';
import { diskFull } from './disk-full';
import { engineKills } from './engine-kills';
import { engineReplicas } from './engine-replicas';
import { ingestOverload } from './ingest-overload';
import { poisonSignal } from './poison-signal';
import { storeKills } from './store-kills';
import { storeOutage } from './store-outage';

/** The scenarios of issue #24, by number. */
export const scenarios: readonly Scenario[] = [
  engineKills,
  storeKills,
  engineReplicas,
  storeOutage,
  poisonSignal,
  diskFull,
  ingestOverload,
  connectKills,
];
