import { transitionEdges, transitionLabel, within, type MachineLayout, type MachineView } from '@heed/statechart';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/** What a layout is made from besides the machine: these packages' versions and Heed's layout code. */
const PACKAGES = ['elkjs', 'fontkit', '@fontsource/inter'] as const;

/** The source (or compiled) files of a directory that are code, not tests, in a stable order. */
function codeOf(directory: string): string[] {
  const extension = extname(__filename);
  return readdirSync(directory)
    .filter((name) => name.endsWith(extension) && !name.includes('.spec.'))
    .sort()
    .map((name) => readFileSync(join(directory, name), 'utf8'));
}

/** An installed package's version, from the `package.json` above its entry point (not all export it). */
function versionOf(name: string): string {
  for (
    let directory = dirname(require.resolve(name));
    directory !== dirname(directory);
    directory = dirname(directory)
  ) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No manifest here: look further up.
    }
  }
  throw new Error(`no version found for ${name}`);
}

let codeHash: string | undefined | null;

/**
 * A digest of everything but the machine that decides a layout: the versions of ELK, the font and
 * its reader, the text of the layout code in this directory and of the `@heed/statechart` functions
 * it lays edges and labels out with, as this process runs them. Null when they cannot be read:
 * nothing is then cached.
 */
function layoutCodeHash(): string | null {
  if (codeHash !== undefined) return codeHash;
  try {
    const hash = createHash('sha256');
    for (const name of PACKAGES) hash.update(`${name}@${versionOf(name)}\n`);
    for (const file of codeOf(__dirname)) hash.update(file);
    for (const used of [transitionEdges, transitionLabel, within]) hash.update(used.toString());
    codeHash = hash.digest('hex');
  } catch {
    codeHash = null;
  }
  return codeHash;
}

/**
 * Layouts made by `npm run build` with the built code (`ship-layout.ts`): the default lifecycle's,
 * beside the layout code, where an engine looks when its data directory has none.
 */
export const SHIPPED_LAYOUTS = join(__dirname, 'shipped-layouts');

/** The cache file of a machine's layout in `directory`, or undefined when layouts cannot be cached. */
export function layoutCacheFile(directory: string, machine: MachineView): string | undefined {
  const code = layoutCodeHash();
  if (code === null) return undefined;
  const key = createHash('sha256').update(code).update(JSON.stringify(machine)).digest('hex').slice(0, 32);
  return join(directory, `studio-layout-${key}.json`);
}

/** The layout kept in `file` for `machine`; undefined if there is none or it does not fit. */
export async function readCachedLayout(file: string, machine: MachineView): Promise<MachineLayout | undefined> {
  try {
    const layout = JSON.parse(await readFile(file, 'utf8')) as MachineLayout;
    const fits =
      layout.machineId === machine.id &&
      layout.machineVersion === machine.version &&
      Array.isArray(layout.states) &&
      Array.isArray(layout.arrows);
    return fits ? layout : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a layout in `file` (written beside it, then renamed: a reader never sees half of it). */
export async function writeCachedLayout(file: string, layout: MachineLayout): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(layout));
  await rename(partial, file);
}
