import type { Scenario } from '../scenario';
import { engineKills } from './engine-kills';
import { ingestOverload } from './ingest-overload';
import { storeKills } from './store-kills';

/** The scenarios of issue #24 written so far, by number. */
export const scenarios: readonly Scenario[] = [engineKills, storeKills, ingestOverload];
