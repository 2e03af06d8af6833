/**
 * Key-to-field matching of Go's decoder: an exact match on the json name
 * wins, else the first field whose name equals the key under Unicode case
 * folding. Go picks a cheaper fold function per field name, and the
 * special one for names with 's' or 'k' also accepts 'ſ' (U+017F) and the
 * Kelvin sign (U+212A), which fold to those letters.
 */

import type { FieldSchema } from './schema.ts';
import { decodeRune, encodeUtf8 } from './utf8.ts';

const CASE_MASK = ~0x20 & 0xff;
const SMALL_LONG_S = 0x017f;
const KELVIN = 0x212a;

type FoldFunction = (name: Uint8Array, key: Uint8Array) => boolean;

const nameBytes = new WeakMap<FieldSchema, [Uint8Array, FoldFunction]>();

/**
 * Returns the field that a JSON object key decodes into, or undefined.
 *
 * @go encoding/json/decode.go:object
 */
export function findField(fields: FieldSchema[], key: Uint8Array): FieldSchema | undefined {
  let folded: FieldSchema | undefined;
  for (const f of fields) {
    const [name, equalFold] = fieldName(f);
    if (bytesEqual(name, key)) {
      return f;
    }
    if (folded === undefined && equalFold(name, key)) {
      folded = f;
    }
  }

  return folded;
}

function fieldName(f: FieldSchema): [Uint8Array, FoldFunction] {
  let entry = nameBytes.get(f);
  if (entry === undefined) {
    const bytes = encodeUtf8(f.json);
    entry = [bytes, foldFunc(bytes)];
    nameBytes.set(f, entry);
  }

  return entry;
}

/**
 * Picks the fold comparison for a field name.
 *
 * @go encoding/json/fold.go:foldFunc
 */
export function foldFunc(name: Uint8Array): FoldFunction {
  let nonLetter = false;
  let special = false;
  for (const b of name) {
    if (b >= 0x80) {
      return unicodeEqualFold;
    }
    const upper = b & CASE_MASK;
    if (upper < 0x41 || upper > 0x5a) {
      nonLetter = true;
    } else if (upper === 0x4b || upper === 0x53) {
      special = true;
    }
  }

  if (special) {
    return equalFoldRight;
  }
  if (nonLetter) {
    return asciiEqualFold;
  }

  return simpleLetterEqualFold;
}

/**
 * Compares an ASCII name containing 's' or 'k' with a key that may use
 * 'ſ' or the Kelvin sign in their place.
 *
 * @go encoding/json/fold.go:equalFoldRight
 */
export function equalFoldRight(name: Uint8Array, key: Uint8Array): boolean {
  let t = 0;
  for (const sb of name) {
    if (t >= key.length) {
      return false;
    }

    const tb = key[t]!;
    if (tb < 0x80) {
      if (sb !== tb) {
        const upper = sb & CASE_MASK;
        if (upper < 0x41 || upper > 0x5a || upper !== (tb & CASE_MASK)) {
          return false;
        }
      }
      t++;
      continue;
    }

    const [rune, size] = decodeRune(key, t);
    if (sb === 0x73 || sb === 0x53) {
      if (rune !== SMALL_LONG_S) {
        return false;
      }
    } else if (sb === 0x6b || sb === 0x4b) {
      if (rune !== KELVIN) {
        return false;
      }
    } else {
      return false;
    }
    t += size;
  }

  return t === key.length;
}

/** @go encoding/json/fold.go:asciiEqualFold */
export function asciiEqualFold(name: Uint8Array, key: Uint8Array): boolean {
  if (name.length !== key.length) {
    return false;
  }

  for (let i = 0; i < name.length; i++) {
    const sb = name[i]!;
    const tb = key[i]!;
    if (sb === tb) {
      continue;
    }
    const isLetter = (sb >= 0x61 && sb <= 0x7a) || (sb >= 0x41 && sb <= 0x5a);
    if (!isLetter || (sb & CASE_MASK) !== (tb & CASE_MASK)) {
      return false;
    }
  }

  return true;
}

/** @go encoding/json/fold.go:simpleLetterEqualFold */
export function simpleLetterEqualFold(name: Uint8Array, key: Uint8Array): boolean {
  if (name.length !== key.length) {
    return false;
  }

  for (let i = 0; i < name.length; i++) {
    if ((name[i]! & CASE_MASK) !== (key[i]! & CASE_MASK)) {
      return false;
    }
  }

  return true;
}

/**
 * Compares rune by rune under simple case folding, standing in for
 * bytes.EqualFold on names with non-ASCII letters.
 */
function unicodeEqualFold(name: Uint8Array, key: Uint8Array): boolean {
  // NOTE: JS case mapping approximates Go's unicode.SimpleFold orbits;
  // no schema in this project has a non-ASCII json name.
  const decoder = new TextDecoder();
  const a = [...decoder.decode(name)];
  const b = [...decoder.decode(key)];
  if (a.length !== b.length) {
    return false;
  }

  return a.every((ch, i) => ch === b[i] || ch.toLowerCase() === b[i]!.toLowerCase() || ch.toUpperCase() === b[i]!.toUpperCase());
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }

  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }

  return true;
}
