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
