import { runMain } from '@heed/service';
import { journeysCommand } from './journeys/journeys-command';

runMain(async () => {
  await journeysCommand().parseAsync(process.argv);
});
