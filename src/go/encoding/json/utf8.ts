/**
 * UTF-8 helpers that follow Go's unicode/utf8 rules, which differ from the
 * WHATWG TextDecoder: Go replaces every byte of a broken sequence with its
 * own U+FFFD, where TextDecoder replaces a maximal truncated prefix once.
 */

export const RUNE_ERROR = 0xfffd;

const encoder = new TextEncoder();

/** Encodes a JS string as UTF-8 bytes. Lone surrogates become U+FFFD. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes one rune at `offset`. Returns the code point and its byte size,
 * or U+FFFD with size 1 for an invalid or truncated sequence.
 *
 * @go unicode/utf8/utf8.go:DecodeRune
 */
export function decodeRune(bytes: Uint8Array, offset: number): [number, number] {
  const b0 = bytes[offset]!;
  if (b0 < 0x80) {
    return [b0, 1];
  }

  const remaining = bytes.length - offset;
  let size: number;
  let min: number;
  let lowSecond = 0x80;
  let highSecond = 0xbf;
  let rune: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    size = 2;
    min = 0x80;
    rune = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    size = 3;
    min = 0x800;
    rune = b0 & 0x0f;
    if (b0 === 0xe0) lowSecond = 0xa0;
    if (b0 === 0xed) highSecond = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    size = 4;
    min = 0x10000;
    rune = b0 & 0x07;
    if (b0 === 0xf0) lowSecond = 0x90;
    if (b0 === 0xf4) highSecond = 0x8f;
  } else {
    return [RUNE_ERROR, 1];
  }

  if (remaining < size) {
    return [RUNE_ERROR, 1];
  }

  for (let i = 1; i < size; i++) {
    const b = bytes[offset + i]!;
    const low = i === 1 ? lowSecond : 0x80;
    const high = i === 1 ? highSecond : 0xbf;
    if (b < low || b > high) {
      return [RUNE_ERROR, 1];
    }
    rune = (rune << 6) | (b & 0x3f);
  }

  return rune >= min ? [rune, size] : [RUNE_ERROR, 1];
}

/** Converts bytes to a JS string, each invalid byte becoming U+FFFD as Go's string range loop does. */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let text = '';
  let i = start;
  while (i < end) {
    const [rune, size] = decodeRune(bytes.subarray(0, end), i);
    text += String.fromCodePoint(rune);
    i += size;
  }

  return text;
}

/** Reports whether Go's unicode.IsPrint holds for a rune (an approximation by Unicode category). */
function isPrint(rune: number): boolean {
  if (rune === 0x20) {
    return true;
  }

  // NOTE: JS regex categories follow the Unicode version of this Node
  // build, which is newer than the Unicode 8 tables of Go 1.7.
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(rune));
}

/**
 * Quotes a string with Go's strconv.Quote rules: `\a \b \f \n \r \t \v`
 * escapes, `\xHH` for other control bytes and invalid UTF-8, `\uHHHH` and
 * `\UHHHHHHHH` for other non-printable runes.
 *
 * @go strconv/quote.go:quoteWith
 */
export function goQuote(bytes: Uint8Array): string {
  let out = '"';
  let i = 0;
  while (i < bytes.length) {
    const [rune, size] = decodeRune(bytes, i);
    if (rune === RUNE_ERROR && size === 1) {
      out += `\\x${hex2(bytes[i]!)}`;
      i += 1;
      continue;
    }
    i += size;
    out += quoteRune(rune);
  }

  return `${out}"`;
}

/** Quotes a rune for goQuote, without the surrounding quotes. */
export function quoteRune(rune: number): string {
  switch (rune) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
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

  if (isPrint(rune)) {
    return String.fromCodePoint(rune);
  }
  if (rune < 0x20 || rune === 0x7f) {
    return `\\x${hex2(rune)}`;
  }
  if (rune < 0x10000) {
    return `\\u${rune.toString(16).padStart(4, '0')}`;
  }

  return `\\U${rune.toString(16).padStart(8, '0')}`;
}

function hex2(value: number): string {
  return value.toString(16).padStart(2, '0');
}
