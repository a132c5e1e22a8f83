import { seededSample } from './seeded-sample';

describe('a seeded sample', () => {
  const keys = Array.from({ length: 100 }, (_, i) => `c-${String(i).padStart(3, '0')}`);

  it('is the same for the same keys in any order and the same seed', () => {
    const a = seededSample(keys, 10, 7);
    expect(seededSample([...keys].reverse(), 10, 7)).toEqual(a);
    expect(a).toHaveLength(10);
    expect([...a].sort()).toEqual(a);
    expect(new Set(a).size).toBe(10);
  });

  it('changes with the seed', () => {
    expect(seededSample(keys, 10, 8)).not.toEqual(seededSample(keys, 10, 7));
  });

  it('is every key when asked for as many or more', () => {
    expect(seededSample(['b', 'a', 'a'], 5, 1)).toEqual(['a', 'b']);
  });
});
