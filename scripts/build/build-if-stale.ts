import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sourceStamp, STAMP_FILE, staleBecause } from './build-stamp';

// What `npm start` runs before Heed: builds only when `dist/` is not a build of the current
// sources (`npm run build` always builds). The stamp is taken before the build, so an edit made
// while it runs is built by the next start.
const root = resolve(__dirname, '../..');
const stamp = sourceStamp(root);
const reason = staleBecause(root, stamp);
if (reason === undefined) {
  console.log('dist/ is current: not building (npm run build forces a build).');
} else {
  console.log(`Building Heed (${reason})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(join(root, STAMP_FILE), `${stamp}\n`);
}
