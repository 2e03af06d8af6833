/**
 * UTF-8 helpers that follow Go's unicode/utf8 rules, which differ from the
 * WHATWG TextDecoder: Go replaces every byte of a broken sequence with its
 * own U+FFFD, where TextDecoder replaces a maximal truncated prefix once.
 */

export { RUNE_ERROR, decodeRune } from '../../unicode/utf8.ts';
import { decodeRune } from '../../unicode/utf8.ts';

const encoder = new TextEncoder();

/** Encodes a JS string as UTF-8 bytes. Lone surrogates become U+FFFD. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
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
