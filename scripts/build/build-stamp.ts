import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Where the stamp of the sources `dist/` was built from is kept. */
export const STAMP_FILE = 'dist/.build-stamp';

/** What `npm start` runs: when it is missing, `dist/` is not a build of Heed whatever the stamp says. */
export const ENTRY_FILE = 'dist/apps/heed/src/main.js';

/** Files at the root of the repository that shape the build. */
const ROOT_INPUTS = ['package-lock.json', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json'];

/** Folders whose files `npm run build` compiles (tests, benchmarks and docs excluded: they are not built). */
const SOURCE_ROOTS = ['apps', 'libs'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'test', 'bench', 'dist']);
const isBuilt = (name: string): boolean =>
  !name.endsWith('.spec.ts') && !name.endsWith('.md') && !name.endsWith('.png');

/** The files the build reads, relative to `root`, sorted (`/` separators on every platform). */
export function buildInputs(root: string): string[] {
  const found: string[] = ROOT_INPUTS.filter((f) => existsSync(join(root, f)));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (entry.isFile() && isBuilt(entry.name)) {
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  for (const folder of SOURCE_ROOTS) if (existsSync(join(root, folder))) walk(join(root, folder));
  return found.sort();
}

/**
 * A digest of the build's inputs: their paths and contents. Contents, not modification times, so
 * that a checkout or a copy that touches every file does not count as a change, and an edit that
 * keeps the time does.
 */
export function sourceStamp(root: string): string {
  const hash = createHash('sha256');
  for (const file of buildInputs(root)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Why `dist/` must be built again, or undefined when it is a build of the current sources. */
export function staleBecause(root: string, stamp = sourceStamp(root)): string | undefined {
  if (!existsSync(join(root, ENTRY_FILE))) return `${ENTRY_FILE} is missing`;
  const stampFile = join(root, STAMP_FILE);
  if (!existsSync(stampFile) || !statSync(stampFile).isFile()) return `${STAMP_FILE} is missing`;
  if (readFileSync(stampFile, 'utf8').trim() !== stamp) return 'the sources changed since the last build';
  return undefined;
}
