import { customerKind } from '../../lifecycle/customer-kind';
import { describeMachine } from '../describe-machine';
import { layOutInWorker } from './lay-out-in-worker';
import { layoutCacheFile, SHIPPED_LAYOUTS, writeCachedLayout } from './layout-cache';

/**
 * `node dist/apps/engine/src/machine/layout/ship-layout.js`, the last step of `npm run build`: lays
 * the default customer lifecycle's chart out with the built code and keeps it in
 * {@link SHIPPED_LAYOUTS}, under the key the built engine computes for that machine. An engine
 * whose data directory holds no layout of its machine finds it there, so the first visit to Studio
 * after `npm start` or in a new container does not wait for ELK. Another machine or configuration
 * has another key, and is laid out when first asked for, as before.
 */
async function shipDefaultLayout(): Promise<string> {
  const view = describeMachine(customerKind().definition);
  const file = layoutCacheFile(SHIPPED_LAYOUTS, view);
  if (file === undefined) throw new Error('the layout code cannot be read: no key to ship a layout under');
  await writeCachedLayout(file, await layOutInWorker(view));
  return file;
}

if (require.main === module) {
  shipDefaultLayout().then(
    (file) => console.log(`Studio's chart of the default lifecycle laid out: ${file}`),
    (error: unknown) => {
      console.error(`Could not lay the default lifecycle's chart out: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
