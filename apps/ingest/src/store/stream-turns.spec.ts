import { StreamTurns } from './stream-turns';

/** A unit of work that finishes when told to, recording when it started. */
function gate(log: string[], name: string): { work: () => Promise<string>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
      return name;
    },
    open: () => open(),
  };
}

describe('stream turns', () => {
  it('runs the work of one stream one after another, in order', async () => {
    const [turns, log] = [new StreamTurns(), [] as string[]];
    const [a, b] = [gate(log, 'a'), gate(log, 'b')];
    const done = Promise.all([turns.run('s', a.work), turns.run('s', b.work)]);
    await Promise.resolve();
    expect(log).toEqual(['start a']);
    b.open();
    a.open();
    expect(await done).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('runs the work of different streams at the same time', async () => {
    const [turns, log] = [new StreamTurns(), [] as string[]];
    const [a, b] = [gate(log, 'a'), gate(log, 'b')];
    const done = Promise.all([turns.run('s1', a.work), turns.run('s2', b.work)]);
    await Promise.resolve();
    expect(log).toEqual(['start a', 'start b']);
    b.open();
    a.open();
    expect(await done).toEqual(['a', 'b']);
  });

  it('gives the next turn its go after a failed one, and reports the failure to its caller only', async () => {
    const turns = new StreamTurns();
    const failed = turns.run('s', () => Promise.reject(new Error('store down')));
    const next = turns.run('s', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('store down');
    await expect(next).resolves.toBe('next');
  });
});
