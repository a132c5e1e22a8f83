import { statSync } from 'node:fs';

/**
 * What is wrong with a variable naming a directory that Heed creates if it is missing (such as
 * `HEED_DATA_DIR`): undefined when it is a directory or does not exist yet, else a message naming
 * the variable, as `loadConfigs` reports it.
 */
export function directoryProblem(variable: string, path: string): string | undefined {
  try {
    const found = statSync(path);
    if (found.isDirectory()) return undefined;
    return `${variable}: expected a directory (or a path where one can be created), got ${JSON.stringify(path)}, which is a file`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') {
      return `${variable}: expected a directory (or a path where one can be created), got ${JSON.stringify(path)}, under a file`;
    }
    return `${variable}: expected a directory Heed can use, got ${JSON.stringify(path)} (${code ?? String(error)})`;
  }
}
