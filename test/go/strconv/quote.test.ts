import { describe, expect, it } from 'vitest';
import { goQuote, isPrint } from '../../../src/go/strconv/quote.ts';

/**
 * Expected values were produced by `fmt.Sprintf("%q", …)` in Go 1.19, whose
 * quoting matches Go 1.7 for every rune listed here except DEL: Go 1.19
 * writes `\x7f`, while Go 1.7's quoteWith only uses `\x` below U+0020 and
 * so writes `\u007f`.
 */
const BYTE_CASES: Array<[hex: string, quoted: string]> = [
  ['', '""'],
  ['666f6f', '"foo"'],
  ['66c3b6c3b6', '"föö"'],
  ['e697a5e69cace8aa9e', '"日本語"'],
  ['656d6f6a6920f09f9880', '"emoji 😀"'],
  ['7461620968657265', '"tab\\there"'],
  ['6e6c0a', '"nl\\n"'],
  ['00011f', '"\\x00\\x01\\x1f"'],
  ['07080c0b0d', '"\\a\\b\\f\\v\\r"'],
  ['7f', '"\\u007f"'],
  ['c280c29f', '"\\u0080\\u009f"'],
  ['c2a0c2a1c2adc3bf', '"\\u00a0¡\\u00adÿ"'],
  ['7122625c73', '"q\\"b\\\\s"'],
  ['e280a8e280a9', '"\\u2028\\u2029"'],
  ['efbbbf', '"\\ufeff"'],
  ['efbfbd', '"\ufffd"'],
  ['cdb8', '"\\u0378"'],
  ['ee8080', '"\\ue000"'],
  ['f48fbfbf', '"\\U0010ffff"'],
  ['f09f9880', '"😀"'],
  ['f3a08081', '"\\U000e0001"'],
  ['e2808b', '"\\u200b"'],
  ['cc8161', '"\u0301a"'],
  ['ff', '"\\xff"'],
  ['fe', '"\\xfe"'],
  ['80', '"\\x80"'],
  ['c3', '"\\xc3"'],
  ['c0af', '"\\xc0\\xaf"'],
  ['eda080', '"\\xed\\xa0\\x80"'],
  ['edbfbf', '"\\xed\\xbf\\xbf"'],
  ['f4908080', '"\\xf4\\x90\\x80\\x80"'],
  ['e282', '"\\xe2\\x82"'],
  ['f09f98', '"\\xf0\\x9f\\x98"'],
  ['e0808f', '"\\xe0\\x80\\x8f"'],
  ['f08fbfbf', '"\\xf0\\x8f\\xbf\\xbf"'],
  ['61ff62', '"a\\xffb"'],
];

describe('goQuote', () => {
  it.each(BYTE_CASES)('quotes bytes %s', (hex, quoted) => {
    expect(goQuote(Buffer.from(hex, 'hex'))).toBe(quoted);
  });

  it('quotes strings as their UTF-8 bytes', () => {
    expect(goQuote('foo')).toBe('"foo"');
    expect(goQuote('föö\t"x"')).toBe('"föö\\t\\"x\\""');
    expect(goQuote('emoji 😀')).toBe('"emoji 😀"');
    expect(goQuote('\u{10ffff}')).toBe('"\\U0010ffff"');
  });

  it('quotes lone surrogates as invalid UTF-8', () => {
    expect(goQuote('a\ud800b')).toBe('"a\\xed\\xa0\\x80b"');
    expect(goQuote('\udfff')).toBe('"\\xed\\xbf\\xbf"');
    expect(goQuote('\ud83d')).toBe('"\\xed\\xa0\\xbd"');
  });
});

describe('isPrint', () => {
  it('follows the Latin-1 fast path', () => {
    expect(isPrint(0x20)).toBe(true);
    expect(isPrint(0x7e)).toBe(true);
    expect(isPrint(0x7f)).toBe(false);
    expect(isPrint(0xa0)).toBe(false);
    expect(isPrint(0xa1)).toBe(true);
    expect(isPrint(0xad)).toBe(false);
    expect(isPrint(0xff)).toBe(true);
  });

  it('rejects spaces, formats and unassigned runes', () => {
    expect(isPrint(0x2028)).toBe(false);
    expect(isPrint(0x3000)).toBe(false);
    expect(isPrint(0x200b)).toBe(false);
    expect(isPrint(0x0378)).toBe(false);
    expect(isPrint(0xd800)).toBe(false);
    expect(isPrint(0x110000)).toBe(false);
  });
});
