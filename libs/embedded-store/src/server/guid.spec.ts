import { parseGuid } from './guid';

describe('parseGuid: the string forms EventStoreDB accepts for an id', () => {
  const canonical = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it.each([
    ['hyphenated (D)', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['32 hex digits (N)', '0f8fad5bd9cb469fa16570867728950e'],
    ['braces (B)', '{0f8fad5b-d9cb-469f-a165-70867728950e}'],
    ['parentheses (P)', '(0f8fad5b-d9cb-469f-a165-70867728950e)'],
    ['upper case', '0F8FAD5B-D9CB-469F-A165-70867728950E'],
    ['surrounding whitespace', '  0f8fad5bd9cb469fa16570867728950e\n'],
    ['hexadecimal parts (X)', '{0x0f8fad5b,0xd9cb,0x469f,{0xa1,0x65,0x70,0x86,0x77,0x28,0x95,0x0e}}'],
    [
      'hexadecimal parts without leading zeros',
      '{0xf8fad5b, 0xd9cb, 0x469f, {0xa1,0x65,0x70,0x86,0x77,0x28,0x95,0xe}}',
    ],
  ])('%s', (_, text) => {
    expect(parseGuid(text)).toBe(canonical);
  });

  it.each([
    ['empty', ''],
    ['31 digits', '0f8fad5bd9cb469fa16570867728950'],
    ['a non-hex digit', '0f8fad5b-d9cb-469f-a165-70867728950g'],
    ['hyphens misplaced', '0f8fad5bd-9cb-469f-a165-70867728950e'],
    ['mismatched brackets', '{0f8fad5b-d9cb-469f-a165-70867728950e)'],
    ['braces around 32 digits', '{0f8fad5bd9cb469fa16570867728950e}'],
    ['a name', 'not-a-uuid'],
  ])('refuses %s', (_, text) => {
    expect(parseGuid(text)).toBeUndefined();
  });
});
