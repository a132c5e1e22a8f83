// `npm run whatif`: what the customers' recorded history would have decided under a changed
// lifecycle machine (docs/whatif.md). Reads the store only.
import { runMain } from '@heed/service';
import { runWhatIfCommand } from './whatif/whatif-command';

runMain(async () => {
  await runWhatIfCommand(process.argv);
});
