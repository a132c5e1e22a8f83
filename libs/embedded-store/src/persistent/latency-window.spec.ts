import { LatencyWindow } from './latency-window';

describe('LatencyWindow', () => {
  it('reports nothing before a message was answered', () => {
    expect(new LatencyWindow().measurements()).toEqual([]);
  });

  it('reports EventStoreDB figures over the samples, in whole milliseconds', () => {
    const window = new LatencyWindow();
    for (const ms of [50, 10, 40, 20, 30.7]) window.record(ms);
    const figures = new Map(window.measurements().map((m) => [m.key, m.value]));
    expect([...figures.keys()]).toEqual([
      'Mean',
      'Median',
      'Fastest',
      'Quintile 1',
      'Quintile 2',
      'Quintile 3',
      'Quintile 4',
      'Quintile 5',
      '90%',
      '95%',
      '99%',
      '99.5%',
      '99.9%',
      'Highest',
    ]);
    expect(figures.get('Mean')).toBe(30);
    expect(figures.get('Median')).toBe(30);
    expect(figures.get('Fastest')).toBe(10);
    expect(figures.get('Quintile 1')).toBe(10);
    expect(figures.get('Quintile 3')).toBe(30);
    expect(figures.get('Quintile 5')).toBe(50);
    expect(figures.get('Highest')).toBe(50);
  });

  it('keeps only the latest 1000 answers', () => {
    const window = new LatencyWindow();
    for (let i = 0; i < 1000; i++) window.record(1000);
    for (let i = 0; i < 1000; i++) window.record(1);
    expect(new Map(window.measurements().map((m) => [m.key, m.value])).get('Highest')).toBe(1);
  });
});
