import { runMain } from '@heed/service';
import { qualityCommand } from './quality/quality-command';

runMain(async () => {
  await qualityCommand().parseAsync(process.argv);
});
