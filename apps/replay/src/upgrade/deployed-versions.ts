import { BACKWARDS, END, StreamNotFoundError } from '@eventstore/db-client';
import type { StoreReader } from '../whatif/customer-histories';
import { SNAPSHOT_CATEGORY } from '../../../engine/src/lifecycle/customer-kind';

/** How many of the latest snapshots tell which machine versions are deployed. */
const LATEST_SNAPSHOTS = 200;

/**
 * The machine versions of the latest customer snapshots the engine wrote (`$ce-lifecyclesnapshot`),
 * with how many of them each: what the running engines fold with. Empty when there are none (no
 * snapshot written yet, or the category projection is off).
 */
export async function deployedVersions(store: StoreReader): Promise<Record<string, number>> {
  const versions: Record<string, number> = {};
  try {
    for await (const { event } of store.readStream(`$ce-${SNAPSHOT_CATEGORY}`, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: LATEST_SNAPSHOTS,
      resolveLinkTos: true,
    })) {
      const version = (event?.data as { machineVersion?: unknown } | undefined)?.machineVersion;
      if (typeof version === 'string') versions[version] = (versions[version] ?? 0) + 1;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return versions;
}
