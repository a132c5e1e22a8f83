// `npm run upgrade -- --plan`: what a machine upgrade would change, before anyone deploys it
// (docs/whatif.md). Reads the store only.
import { runMain } from '@heed/service';
import { runUpgradeCommand } from './upgrade/upgrade-command';

runMain(async () => {
  await runUpgradeCommand(process.argv);
});
