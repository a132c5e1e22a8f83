import { initialState } from '@heed/actors';
import { join } from 'node:path';
import { loadVariant } from './machine-variants';

describe('loadVariant', () => {
  it('computes the start of each customer for a module machine, which need not start as the lifecycle does', () => {
    const definition = loadVariant({ settings: {}, module: join(__dirname, '../../test/fixtures/owner-machine.ts') });
    expect(definition.initialFor).toBeUndefined();
    // Two customers in one process: the second's start is its own, not a copy of the first's.
    expect(initialState(definition, 'c-1').snapshot.context).toEqual({ owner: 'owner:c-1', seen: 0 });
    expect(initialState(definition, 'c-2').snapshot.context).toEqual({ owner: 'owner:c-2', seen: 0 });
  });

  it('keeps the lifecycle’s own start from one initial transition (ADR 0092)', () => {
    const definition = loadVariant({ settings: {} });
    expect(definition.initialFor).toBeDefined();
    expect(initialState(definition, 'c-1').snapshot.context).toMatchObject({ customerId: 'c-1' });
    expect(initialState(definition, 'c-2').snapshot.context).toMatchObject({ customerId: 'c-2' });
  });
});
