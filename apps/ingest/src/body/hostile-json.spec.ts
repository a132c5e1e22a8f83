import { IngestError } from '../errors/ingest-error';
import { parseJsonBody } from './json-body';

const rejection = (text: string, depth = 32): IngestError => {
  try {
    parseJsonBody(text, depth);
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error(`accepted ${text}`);
};

describe('JSON bodies', () => {
  it('accepts an ordinary Segment call', () => {
    expect(parseJsonBody('{"event":"Signed In","properties":{"plan":"pro","tags":["a"]}}', 32)).toEqual({
      event: 'Signed In',
      properties: { plan: 'pro', tags: ['a'] },
    });
  });

  it.each([
    ['not JSON', '{', 'body'],
    ['an array', '[]', 'body'],
    ['a string', '"x"', 'body'],
    ['null', 'null', 'body'],
    ['a prototype key', '{"properties":{"__proto__":{"admin":true}}}', 'body.properties.__proto__'],
    ['a constructor key', '{"a":[{"constructor":1}]}', 'body.a[0].constructor'],
    ['a NUL in a value', '{"event":"a\\u0000b"}', 'body.event'],
    ['a lone high surrogate', '{"x":["ok","\\ud800"]}', 'body.x[1]'],
    ['a lone low surrogate', '{"x":"\\udc00z"}', 'body.x'],
    ['a NUL in a key', '{"properties":{"a\\u0000":1}}', 'body.properties'],
  ])('rejects %s, naming the path', (_what, text, path) => {
    const error = rejection(text);
    expect(error.code).toBe('INVALID_JSON');
    expect(error.problems[0]?.path).toBe(path);
  });

  it('accepts paired surrogates (emoji)', () => {
    expect(parseJsonBody('{"x":"\\ud83d\\ude00"}', 32)).toEqual({ x: '😀' });
  });

  it('accepts nesting up to the limit and rejects one level more', () => {
    const nested = (levels: number): string => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
    expect(() => parseJsonBody(nested(32), 32)).not.toThrow();
    expect(rejection(nested(33)).message).toContain('expected JSON nested at most 32 levels deep');
  });

  it('survives nesting far beyond any stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(rejection(`{"a":${deep}}`).code).toBe('INVALID_JSON');
  });
});
