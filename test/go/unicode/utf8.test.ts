import { describe, expect, it } from 'vitest';
import { decodeGoString, encodeGoString, hasEscapes } from '../../../src/go/unicode/utf8.ts';

describe('decodeGoString', () => {
  it.each([
    ['ascii', Buffer.from('rootfs/etc/hostname')],
    ['utf8', Buffer.from('rootfs/café/日本')],
    ['invalid bytes', Buffer.from([0x62, 0x61, 0x64, 0x2d, 0xff, 0xfe])],
    ['truncated sequence', Buffer.from([0x61, 0xe6, 0x97])],
    ['encoded surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ['a real U+FFFD', Buffer.from('x\ufffdy')],
    ['astral characters', Buffer.from('f19b95bcf1b6938af0928cb4', 'hex')],
    ['an astral character beside an invalid byte', Buffer.from('f1b6938aff', 'hex')],
  ])('keeps %s bytes through a round trip', (_name, bytes) => {
    expect(encodeGoString(decodeGoString(bytes))).toEqual(bytes);
  });

  it('escapes only bytes that are not UTF-8', () => {
    const text = decodeGoString(Buffer.from([0x61, 0xff, 0xc3, 0xa9]));

    expect(text).toBe('a\udcffé');
    expect(hasEscapes(text)).toBe(true);
    expect(hasEscapes('café')).toBe(false);
  });
});
