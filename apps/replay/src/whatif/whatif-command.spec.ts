import { ReplayError } from '@heed/replay';
import { parseSelection, whatIfCommand } from './whatif-command';

describe('--customers', () => {
  it('reads all, a sample, or ids', () => {
    expect(parseSelection(['all'], 1)).toEqual({ kind: 'all' });
    expect(parseSelection(['sample', '500'], 7)).toEqual({ kind: 'sample', size: 500, seed: 7 });
    expect(parseSelection(['sample 500'], 7)).toEqual({ kind: 'sample', size: 500, seed: 7 });
    expect(parseSelection(['sample:20'], 1)).toEqual({ kind: 'sample', size: 20, seed: 1 });
    expect(parseSelection(['c-1,c-2', 'c-3'], 1)).toEqual({ kind: 'ids', ids: ['c-1', 'c-2', 'c-3'] });
  });

  it('refuses a sample without a size', () => {
    expect(() => parseSelection(['sample'], 1)).toThrow(ReplayError);
    expect(() => parseSelection(['sample', 'ten'], 1)).toThrow('--customers: expected "sample <n>"');
  });

  it('takes the words after --customers up to the next option', () => {
    const command = whatIfCommand();
    command.parse(['node', 'whatif', '--customers', 'sample', '50', '--seed', '3', '--change', 'x.json']);
    expect(command.opts()).toMatchObject({ customers: ['sample', '50'], seed: 3, change: 'x.json', format: 'md' });
  });
});
