/** Go's `unicode/utf8` rules, shared by the JSON and strconv ports. */

/** The rune Go substitutes for an invalid UTF-8 sequence. */
export const RUNE_ERROR = 0xfffd;

/**
 * Decodes one rune at `offset`. Returns the code point and its byte size,
 * or U+FFFD with size 1 for an invalid or truncated sequence.
 *
 * @gostd unicode/utf8.DecodeRune
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

/** First and last of the code units that stand for undecodable bytes 0x80–0xFF. */
const ESCAPE_FIRST = 0xdc80;
const ESCAPE_LAST = 0xdcff;

/**
 * Turns bytes into a JavaScript string without losing any: valid UTF-8
 * becomes its characters, and each byte that is not valid UTF-8 becomes the
 * lone surrogate U+DC80 + (byte - 0x80), as Python's "surrogateescape"
 * does. Go strings are bytes, so tar entry names that are not UTF-8 must
 * come back out as the same bytes; {@link encodeGoString} reverses this.
 */
export function decodeGoString(bytes: Uint8Array): string {
  let text = '';
  let i = 0;

  while (i < bytes.length) {
    const [rune, size] = decodeRune(bytes, i);

    // A valid U+FFFD in the input decodes with size 3, so size 1 means a bad byte.
    if (rune === RUNE_ERROR && size === 1) {
      text += String.fromCharCode(ESCAPE_FIRST + bytes[i]! - 0x80);
    } else {
      text += String.fromCodePoint(rune);
    }

    i += size;
  }

  return text;
}

/** Turns a string from {@link decodeGoString} back into its original bytes. */
export function encodeGoString(text: string): Buffer {
  if (!hasEscapes(text)) {
    return Buffer.from(text, 'utf8');
  }

  const parts: Buffer[] = [];
  let plain = '';

  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);

    // A high surrogate and the low one after it are one character, whatever the low half's value.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      plain += text.slice(i, i + 2);
      i += 1;
      continue;
    }

    if (unit >= ESCAPE_FIRST && unit <= ESCAPE_LAST) {
      parts.push(Buffer.from(plain, 'utf8'), Buffer.from([unit - ESCAPE_FIRST + 0x80]));
      plain = '';
    } else {
      plain += text[i];
    }
  }

  parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}

/**
 * Reports whether a string contains bytes that {@link decodeGoString} escaped:
 * a lone low surrogate U+DC80–U+DCFF, not the second half of a pair.
 */
export function hasEscapes(text: string): boolean {
  return /(?<![\ud800-\udbff])[\udc80-\udcff]/.test(text);
}
