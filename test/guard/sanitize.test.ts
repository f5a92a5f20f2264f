import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Lossless, sanitizeText } from '../../src/guard/sanitize.js';

// Control characters other than \n and \t, lone surrogates, and the invisible/bidi set.
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\uFFFD]/;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Strings built from a hostile alphabet: controls, surrogate halves, invisibles, CJK, emoji, spaces. */
const hostileChar = fc.oneof(
  fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\r', '\n', '\t', '\u000b', '\u000c'),
  fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00'),
  fc.constantFrom('\u200B', '\u200D', '\u202E', '\u2066', '\uFEFF', '\uFFFD', '\u2028', '\u00A0', '\u3000', ' ', '  '),
  fc.constantFrom('资', '兴', '招', '商', 'a', 'Z', '1', '😀', '👨‍👩‍👧', 'é', 'e\u0301', '\u0301', '\u0958', '\uFB1D', '\uDB40\uDC41'),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const hostileString = fc.array(hostileChar, { maxLength: 200 }).map((a) => a.join(''));
const anyInput = fc.oneof(
  hostileString,
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.anything(),
);

describe('sanitizeText', () => {
  it('strips controls, invisibles and bidi overrides but keeps \\n and \\t', () => {
    expect(sanitizeText('a\u0000b\u0007c\u202Ed\u200Be\uFEFFf', 100).text).toBe('abcdef');
    expect(sanitizeText('line1\nline2\tx', 100).text).toBe('line1\nline2\tx');
    expect(sanitizeText('a\r\nb\rc', 100).text).toBe('a\nb\nc');
  });

  it('removes lone surrogates but keeps pairs', () => {
    expect(sanitizeText('x\uD800y\uDC00z😀', 100).text).toBe('xyz😀');
  });

  it('collapses white space and blank lines, trims', () => {
    expect(sanitizeText('  a   b\u3000\u3000c \n\n\n\n d  ', 100).text).toBe('a b c\n\n d');
  });

  it('NFC-normalises', () => {
    expect(sanitizeText('e\u0301', 100).text).toBe('\u00e9');
  });

  it('drops U+FFFD debris and tag characters', () => {
    expect(sanitizeText('a\uFFFD\uFFFD\uFFFDb\uDB40\uDC41c', 100).text).toBe('abc');
  });

  it('reports empty for non-strings and invisible-only text', () => {
    for (const v of [undefined, null, 42, {}, [], Symbol('x'), '', '   ', '\u200B\u200B', '\n\t\n', '\uD800']) {
      const r = sanitizeText(v, 100);
      expect(r).toEqual({ text: '', truncated: false, empty: true });
    }
  });

  it('cuts long text at the limit and reports it', () => {
    const r = sanitizeText('资'.repeat(5000), 2000);
    expect(r.text).toBe('资'.repeat(2000));
    expect(r.truncated).toBe(true);
    expect(r.empty).toBe(false);
    expect(sanitizeText('资'.repeat(2000), 2000).truncated).toBe(false);
  });

  it('never splits a surrogate pair when cutting', () => {
    const r = sanitizeText('😀'.repeat(10), 5);
    expect(r.text).toBe('😀😀');
    expect(r.truncated).toBe(true);
  });

  it('stays fast and bounded on a multi-megabyte string', () => {
    const huge = 'x\u0301'.repeat(2_000_000);
    const r = sanitizeText(huge, 2000);
    expect(r.text.length).toBeLessThanOrEqual(2000);
    expect(r.truncated).toBe(true);
  });

  it('tames combining-mark floods', () => {
    const zalgo = 'a' + '\u0301\u0302\u0303\u0304\u0305'.repeat(20);
    expect(sanitizeText(zalgo, 1000).text.length).toBeLessThanOrEqual(9);
  });

  it('property: never throws, clean output within the limit, idempotent', () => {
    fc.assert(
      fc.property(anyInput, fc.integer({ min: 0, max: 300 }), (raw, max) => {
        const r = sanitizeText(raw, max);
        expect(typeof r.text).toBe('string');
        expect(r.text.length).toBeLessThanOrEqual(max);
        expect(FORBIDDEN.test(r.text)).toBe(false);
        expect(LONE.test(r.text)).toBe(false);
        expect(r.text).toBe(r.text.trim());
        expect(r.text).toBe(r.text.normalize('NFC'));
        expect(r.empty).toBe(r.text === '');
        const again = sanitizeText(r.text, max);
        expect(again.text).toBe(r.text);
        expect(again.truncated).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: text within the limit is never reported truncated', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 100 }), (s) => {
        expect(sanitizeText(s, 100).truncated).toBe(false);
      }),
    );
  });
});

describe('decodeUtf8Lossless', () => {
  it('decodes valid UTF-8 unchanged', () => {
    const s = '资兴招商 hello 😀 é';
    expect(decodeUtf8Lossless(Buffer.from(s, 'utf8'))).toBe(s);
  });

  it('drops invalid sequences instead of replacing them', () => {
    const bad = Buffer.concat([
      Buffer.from('a'),
      Buffer.from([0xc0, 0xaf]), // overlong '/'
      Buffer.from('b'),
      Buffer.from([0xed, 0xa0, 0x80]), // encoded surrogate
      Buffer.from('c'),
      Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
      Buffer.from('资'),
      Buffer.from([0x80, 0xff]), // stray continuation, invalid byte
      Buffer.from([0xe8, 0xb5]), // truncated at the end
    ]);
    expect(decodeUtf8Lossless(bad)).toBe('abc资');
  });

  it('property: output is well-formed and re-encodes to a subsequence of valid input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const s = decodeUtf8Lossless(Buffer.from(bytes));
        expect(LONE.test(s)).toBe(false);
        expect(s.includes('\uFFFD')).toBe(false);
        // Every valid string survives a round trip.
        const valid = Buffer.from(s, 'utf8');
        expect(decodeUtf8Lossless(valid)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: valid strings round-trip', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        expect(decodeUtf8Lossless(Buffer.from(s, 'utf8'))).toBe(s);
      }),
    );
  });
});
