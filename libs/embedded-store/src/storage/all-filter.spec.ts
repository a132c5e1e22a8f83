import { namedTypes } from './all-filter';

describe('namedTypes', () => {
  it('reads the event types a filter names', () => {
    const of = (regex: RegExp) => namedTypes({ on: 'eventType', regex });
    expect(of(/^(StateChanged|StateCorrected)$/)).toBe('["StateChanged","StateCorrected"]');
    expect(of(/^(?:A|B-c)$/)).toBe('["A","B-c"]');
    expect(of(/^Single$/)).toBe('["Single"]');
    expect(of(/^(Order\.Placed|a\$b)$/)).toBe('["Order.Placed","a$b"]');
  });

  it('leaves any other filter to the record-by-record scan', () => {
    for (const regex of [/^A|B$/, /^(A|B)/, /(A|B)$/, /^A.B$/, /^[AB]$/, /^(A|B)$/i, /^(A|B)+$/, /^A\d$/])
      expect(namedTypes({ on: 'eventType', regex })).toBeUndefined();
    expect(namedTypes({ on: 'stream', regex: /^(A|B)$/ })).toBeUndefined();
    expect(namedTypes({ on: 'eventType', regex: /^(A|B)$/, prefixes: ['A'] })).toBeUndefined();
    expect(namedTypes({ on: 'eventType', prefixes: ['A'] })).toBeUndefined();
  });
});
