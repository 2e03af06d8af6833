/**
 * Go's `strconv.Quote` (and so `fmt`'s `%q` verb on strings), which Docker
 * uses to quote user input inside error messages.
 *
 * The `@go` line ranges refer to `src/strconv/quote.go` at go1.7.6, the
 * toolchain Docker 17.03 was built with.
 * NOTE: the ranges were counted in the stored golang/go copy of quote.go,
 * whose `quoteWith` and `IsPrint` have the go1.7 layout, not read at the tag.
 */
import { RUNE_ERROR, decodeRune } from '../unicode/utf8.ts';

const LOWER_HEX = '0123456789abcdef';

/** Go's `utf8.RuneSelf`: bytes below this value are ASCII runes. */
const RUNE_SELF = 0x80;

/** Letters, marks, numbers, punctuation and symbols: Go's printable classes. */
const PRINTABLE_CLASSES = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * Quotes a string as a double-quoted Go string literal, byte for byte as
 * Go's `strconv.Quote` does.
 *
 * Go strings are bytes, so a `Uint8Array` is quoted exactly: every byte
 * that is not part of valid UTF-8 becomes `\xNN`. A JavaScript string is
 * first encoded as UTF-8, with a lone surrogate encoded as its three-byte
 * form, which Go then rejects as invalid UTF-8 and prints as three `\xNN`.
 *
 * @go strconv/quote.go:92-94
 */
export function goQuote(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? encodeWtf8(value) : value;

  return quoteWith(bytes, '"');
}

/**
 * Writes `bytes` between `quote` characters, escaping the quote, backslash,
 * invalid UTF-8 and every rune that `isPrint` rejects. This port keeps
 * only the mode `Quote` uses (neither ASCII-only nor graphic-only).
 *
 * @go strconv/quote.go:15-86
 */
function quoteWith(bytes: Uint8Array, quote: '"' | "'"): string {
  const quoteCode = quote.charCodeAt(0);
  let out = quote;
  let offset = 0;

  while (offset < bytes.length) {
    const first = bytes[offset]!;
    const [rune, width] = first < RUNE_SELF ? [first, 1] : decodeRune(bytes, offset);

    offset += width;

    // An invalid byte (a RuneError of width 1) keeps its raw value.
    if (width === 1 && rune === RUNE_ERROR) {
      out += hexEscape(first);
      continue;
    }

    if (rune === quoteCode || rune === 0x5c) {
      out += '\\' + String.fromCharCode(rune);
      continue;
    }

    if (isPrint(rune)) {
      out += String.fromCodePoint(rune);
      continue;
    }

    out += escapeRune(rune);
  }

  return out + quote;
}

/** Spells a non-printable rune as a Go escape sequence. */
function escapeRune(rune: number): string {
  switch (rune) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }

  if (rune < 0x20) {
    return hexEscape(rune);
  }

  if (rune < 0x10000) {
    return '\\u' + hexDigits(rune, 4);
  }

  return '\\U' + hexDigits(rune, 8);
}

/**
 * Reports whether Go counts a rune as printable: a letter, mark, number,
 * punctuation or symbol, or the ASCII space. Latin-1 follows Go's explicit
 * fast path, in which U+00AD (soft hyphen) is the one exception.
 *
 * NOTE: above U+00FF the check uses Node's Unicode tables, which are newer
 * than Go 1.7's, so a rune assigned in a later Unicode version prints
 * as-is here where Go 1.7 would write `\u` or `\U` escapes.
 *
 * @go strconv/quote.go:442-483
 */
export function isPrint(rune: number): boolean {
  if (rune <= 0xff) {
    if (rune >= 0x20 && rune <= 0x7e) {
      return true;
    }

    if (rune >= 0xa1 && rune <= 0xff) {
      return rune !== 0xad;
    }

    return false;
  }

  if (rune > 0x10ffff || (rune >= 0xd800 && rune <= 0xdfff)) {
    return false;
  }

  return PRINTABLE_CLASSES.test(String.fromCodePoint(rune));
}

/**
 * Encodes a JavaScript string as UTF-8 bytes, writing a lone surrogate as
 * the three bytes its code unit would take (the WTF-8 form) where
 * `TextEncoder` would put U+FFFD.
 */
function encodeWtf8(text: string): Uint8Array {
  const bytes: number[] = [];

  for (let i = 0; i < text.length; i++) {
    let unit = text.charCodeAt(i);

    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);

      if (next >= 0xdc00 && next <= 0xdfff) {
        unit = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }

    if (unit < 0x80) {
      bytes.push(unit);
    } else if (unit < 0x800) {
      bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    } else if (unit < 0x10000) {
      bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
    } else {
      bytes.push(
        0xf0 | (unit >> 18),
        0x80 | ((unit >> 12) & 0x3f),
        0x80 | ((unit >> 6) & 0x3f),
        0x80 | (unit & 0x3f),
      );
    }
  }

  return Uint8Array.from(bytes);
}

function hexEscape(byte: number): string {
  return '\\x' + LOWER_HEX[byte >> 4]! + LOWER_HEX[byte & 0xf]!;
}

function hexDigits(value: number, count: number): string {
  return value.toString(16).padStart(count, '0');
}
