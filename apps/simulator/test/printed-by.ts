import type { Command } from 'commander';

/** Runs a CLI command as `npm run <name> -- <args>` would, and returns what it printed (each `console.log` a line). */
export async function printedBy(command: Command, ...args: string[]): Promise<string[]> {
  const printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    printed.push(parts.join(' '));
  });
  try {
    await command
      .exitOverride()
      .configureOutput({ writeErr: () => undefined, outputError: () => undefined })
      .parseAsync(['node', command.name(), ...args]);
  } finally {
    log.mockRestore();
  }
  return printed;
}
