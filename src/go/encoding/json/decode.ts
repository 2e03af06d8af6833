/**
 * json.Unmarshal with Go 1.7 semantics, driven by a Schema in place of
 * reflection. Go lines cited here are at go1.7.6 (named by function, see
 * scanner.ts).
 *
 * The input is first checked by the scanner, as Go does, so the decoding
 * pass below only walks well-formed JSON. Type mismatches are saved and
 * decoding goes on, and the first one is thrown at the end (Go's
 * saveError). A few mismatches abort at once, as Go's d.error does: a
 * number into a non-number type, and errors from an UnmarshalJSON method.
 */

import { RuntimePanic, UnmarshalTypeError } from './errors.ts';
import { Scanner, checkValid } from './scanner.ts';
import { type Schema, type StructSchema, typeName, zeroValue } from './schema.ts';
import { RUNE_ERROR, decodeRune, encodeUtf8 } from './utf8.ts';
import { findField } from './fold.ts';

/** Returns the bytes of a Go []byte or string argument. */
export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encodeUtf8(data) : data;
}

/**
 * Decodes one JSON document into a value of `schema` and returns it.
 * With `into`, decoding starts from that value, and a struct is filled in
 * place, which is how Go treats an existing target. Throws Go's error
 * (json.SyntaxError, json.UnmarshalTypeError, or one from an UnmarshalJSON
 * method) when decoding fails.
 *
 * @go encoding/json/decode.go:Unmarshal
 */
export function unmarshal<T = unknown>(data: Uint8Array | string, schema: Schema, into?: T): T {
  const bytes = toBytes(data);
  const syntaxError = checkValid(bytes, new Scanner());
  if (syntaxError !== null) {
    throw syntaxError;
  }

  return decodeValid(bytes, schema, into === undefined ? zeroValue(schema) : into) as T;
}

/**
 * Decodes bytes that the scanner has already accepted.
 *
 * @go encoding/json/decode.go:unmarshal
 */
export function decodeValid(data: Uint8Array, schema: Schema, current: unknown): unknown {
  const state = new DecodeState(data);
  const value = state.value(schema, current);
  if (state.savedError !== null) {
    throw state.savedError;
  }

  return value;
}

/** Slice capacity kept across decodes: Go reuses a slice's backing array. */
const backingArrays = new WeakMap<unknown[], unknown[]>();

class DecodeState {
  off = 0;
  savedError: Error | null = null;

  constructor(readonly data: Uint8Array) {}

  /** @go encoding/json/decode.go:saveError */
  saveError(err: Error): void {
    if (this.savedError === null) {
      this.savedError = err;
    }
  }

  skipSpace(): void {
    for (;;) {
      const c = this.data[this.off];
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
        return;
      }
      this.off++;
    }
  }

  /**
   * Decodes the value at the offset into `current` and returns the result.
   *
   * @go encoding/json/decode.go:value
   */
  value(schema: Schema, current: unknown): unknown {
    this.skipSpace();
    const c = this.data[this.off];
    if (c === 0x7b) {
      return this.object(schema, current);
    }
    if (c === 0x5b) {
      return this.array(schema, current);
    }

    const start = this.off;
    const end = literalEnd(this.data, start);
    this.off = end;
    return this.literalStore(start, end, schema, current);
  }

  /** Moves past the value at the offset without decoding it. */
  skipValue(): void {
    this.skipSpace();
    this.off = valueEnd(this.data, this.off);
  }

  /**
   * Decodes an array into a slice, keeping Go's reuse of the existing
   * elements and backing array (so duplicate keys can merge elements).
   *
   * @go encoding/json/decode.go:array
   */
  array(schema: Schema, current: unknown): unknown {
    const start = this.off;
    if (schema.kind === 'custom') {
      const end = valueEnd(this.data, start);
      this.off = end;
      return schema.unmarshalJSON(this.data, start, end, current);
    }
    if (schema.kind === 'pointer') {
      return this.array(schema.elem, current ?? zeroValue(schema.elem));
    }
    if (schema.kind === 'interface') {
      return this.valueInterface();
    }
    if (schema.kind !== 'slice') {
      this.saveError(new UnmarshalTypeError('array', typeName(schema), start + 1));
      this.off = valueEnd(this.data, start);
      return current;
    }

    const previous = current as unknown[] | null;
    let backing = previous === null ? [] : (backingArrays.get(previous) ?? previous.slice());
    let length = previous === null ? 0 : previous.length;
    let i = 0;
    this.off = start + 1;
    for (;;) {
      this.skipSpace();
      if (this.data[this.off] === 0x5d) {
        this.off++;
        break;
      }

      if (i >= backing.length) {
        const capacity = Math.max(backing.length + Math.floor(backing.length / 2), 4);
        const grown = Array.from({ length: capacity }, (_, index) =>
          index < length ? backing[index] : zeroValue(schema.elem),
        );
        backing = grown;
      }
      if (i >= length) {
        length = i + 1;
      }
      backing[i] = this.value(schema.elem, backing[i]);
      i++;

      this.skipSpace();
      const separator = this.data[this.off++];
      if (separator === 0x5d) {
        break;
      }
    }

    if (i === 0) {
      return [];
    }
    if (i < length) {
      length = i;
    }

    const result = backing.slice(0, length);
    backingArrays.set(result, backing);
    return result;
  }

  /**
   * Decodes an object into a struct or map. Keys without a matching field
   * are skipped, and a later duplicate key decodes over the earlier one.
   *
   * @go encoding/json/decode.go:object
   */
  object(schema: Schema, current: unknown): unknown {
    const start = this.off;
    if (schema.kind === 'custom') {
      const end = valueEnd(this.data, start);
      this.off = end;
      return schema.unmarshalJSON(this.data, start, end, current);
    }
    if (schema.kind === 'pointer') {
      return this.object(schema.elem, current ?? zeroValue(schema.elem));
    }
    if (schema.kind === 'interface') {
      return this.valueInterface();
    }
    if (schema.kind !== 'struct' && schema.kind !== 'map') {
      this.saveError(new UnmarshalTypeError('object', typeName(schema), start + 1));
      this.off = valueEnd(this.data, start);
      return current;
    }

    const target = (current ?? Object.create(null)) as Record<string, unknown>;
    this.off = start + 1;
    for (;;) {
      this.skipSpace();
      if (this.data[this.off] === 0x7d) {
        this.off++;
        break;
      }

      const keyStart = this.off;
      const keyEnd = literalEnd(this.data, keyStart);
      const key = unquote(this.data, keyStart, keyEnd);
      this.off = keyEnd;
      this.skipSpace();
      this.off++; // the ':' after the key

      if (schema.kind === 'map') {
        target[key] = this.value(schema.elem, zeroValue(schema.elem));
      } else {
        this.structMember(schema, target, this.data.subarray(keyStart + 1, keyEnd - 1), key);
      }

      this.skipSpace();
      const separator = this.data[this.off++];
      if (separator === 0x7d) {
        break;
      }
    }

    return target;
  }

  private structMember(
    schema: StructSchema,
    target: Record<string, unknown>,
    rawKey: Uint8Array,
    key: string,
  ): void {
    // Go compares the unquoted key bytes; the raw bytes equal them unless
    // the key has escapes or invalid UTF-8, so use the decoded key then.
    const keyBytes = rawKey.includes(0x5c) || hasInvalidUtf8(rawKey) ? encodeUtf8(key) : rawKey;
    const match = findField(schema.fields, keyBytes);
    if (match === undefined) {
      this.skipValue();
      return;
    }

    target[match.key] = this.value(match.type, target[match.key]);
  }

  /**
   * Stores a literal (string, number, true, false or null) into a value.
   *
   * @go encoding/json/decode.go:literalStore
   */
  literalStore(start: number, end: number, schema: Schema, current: unknown): unknown {
    const data = this.data;
    const c = data[start]!;
    if (schema.kind === 'custom') {
      return schema.unmarshalJSON(data, start, end, current);
    }

    if (c === 0x6e) {
      // null sets nil-able kinds to nil and leaves other kinds unchanged.
      switch (schema.kind) {
        case 'pointer':
        case 'slice':
        case 'map':
        case 'interface':
          return null;
        default:
          return current;
      }
    }

    if (schema.kind === 'pointer') {
      return this.literalStore(start, end, schema.elem, current ?? zeroValue(schema.elem));
    }

    if (c === 0x74 || c === 0x66) {
      if (schema.kind === 'bool' || schema.kind === 'interface') {
        return c === 0x74;
      }
      this.saveError(new UnmarshalTypeError('bool', typeName(schema), end));
      return current;
    }

    if (c === 0x22) {
      const text = unquote(data, start, end);
      if (schema.kind === 'string' || schema.kind === 'interface') {
        return text;
      }
      // NOTE: Go decodes a string into []byte as base64; no schema here
      // has a []byte, so every slice takes the type error below.
      this.saveError(new UnmarshalTypeError('string', typeName(schema), end));
      return current;
    }

    return this.storeNumber(latin1(data, start, end), end, schema, current);
  }

  /** @go encoding/json/decode.go:literalStore */
  private storeNumber(text: string, end: number, schema: Schema, current: unknown): unknown {
    switch (schema.kind) {
      case 'interface': {
        const value = convertNumber(text, end);
        if (value instanceof Error) {
          this.saveError(value);
          return current;
        }
        return value;
      }
      case 'uint32': {
        const value = parseInteger(text, false);
        if (value === null || value > 0xffffffffn) {
          this.saveError(new UnmarshalTypeError(`number ${text}`, 'uint32', end));
          return current;
        }
        return Number(value);
      }
      case 'int64': {
        const value = parseInteger(text, true);
        if (value === null || value < -(2n ** 63n) || value >= 2n ** 63n) {
          this.saveError(new UnmarshalTypeError(`number ${text}`, 'int64', end));
          return current;
        }
        return value;
      }
      default:
        // Go 1.7 aborts here (d.error) where other mismatches are saved.
        throw new UnmarshalTypeError('number', typeName(schema), end);
    }
  }

  /** @go encoding/json/decode.go:valueInterface */
  valueInterface(): unknown {
    this.skipSpace();
    const c = this.data[this.off];
    if (c === 0x5b) {
      this.off++;
      const items: unknown[] = [];
      for (;;) {
        this.skipSpace();
        if (this.data[this.off] === 0x5d) {
          this.off++;
          return items;
        }
        items.push(this.valueInterface());
        this.skipSpace();
        if (this.data[this.off++] === 0x5d) {
          return items;
        }
      }
    }

    if (c === 0x7b) {
      this.off++;
      const map: Record<string, unknown> = Object.create(null);
      for (;;) {
        this.skipSpace();
        if (this.data[this.off] === 0x7d) {
          this.off++;
          return map;
        }
        const keyEnd = literalEnd(this.data, this.off);
        const key = unquote(this.data, this.off, keyEnd);
        this.off = keyEnd;
        this.skipSpace();
        this.off++;
        map[key] = this.valueInterface();
        this.skipSpace();
        if (this.data[this.off++] === 0x7d) {
          return map;
        }
      }
    }

    const start = this.off;
    const end = literalEnd(this.data, start);
    this.off = end;
    switch (c) {
      case 0x6e:
        return null;
      case 0x74:
        return true;
      case 0x66:
        return false;
      case 0x22:
        return unquote(this.data, start, end);
    }

    const value = convertNumber(latin1(this.data, start, end), end);
    if (value instanceof Error) {
      this.saveError(value);
      return null;
    }
    return value;
  }
}

/** Parses a number as float64, as Go's strconv.ParseFloat does for JSON text. */
function convertNumber(text: string, offset: number): number | UnmarshalTypeError {
  const value = Number(text);
  if (!Number.isFinite(value)) {
    return new UnmarshalTypeError(`number ${text}`, 'float64', offset);
  }

  return value;
}

/**
 * Parses decimal digits as strconv.ParseUint (or ParseInt with `signed`)
 * accepts them: no fraction, no exponent. Returns null when Go would fail.
 */
function parseInteger(text: string, signed: boolean): bigint | null {
  const pattern = signed ? /^[+-]?[0-9]+$/ : /^[0-9]+$/;
  if (!pattern.test(text)) {
    return null;
  }

  const value = BigInt(text);
  if (!signed && value > 2n ** 64n - 1n) {
    return null;
  }

  return value;
}

function latin1(data: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...data.subarray(start, end));
}

function hasInvalidUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const [rune, size] = decodeRune(bytes, i);
    if (rune === RUNE_ERROR && size === 1) {
      return true;
    }
    i += size;
  }

  return false;
}

/** Returns the end offset of the literal (string, number or word) at `start`. */
export function literalEnd(data: Uint8Array, start: number): number {
  if (data[start] === 0x22) {
    let i = start + 1;
    while (data[i] !== 0x22) {
      i += data[i] === 0x5c ? 2 : 1;
    }
    return i + 1;
  }

  let i = start;
  while (i < data.length) {
    const c = data[i]!;
    if (c === 0x2c || c === 0x5d || c === 0x7d || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      break;
    }
    i++;
  }

  return i;
}

/**
 * Returns the end offset of the well-formed value at `start`. It counts
 * brackets in a loop rather than recursing, so deep nesting in skipped
 * values costs no stack.
 */
export function valueEnd(data: Uint8Array, start: number): number {
  const c = data[start];
  if (c !== 0x7b && c !== 0x5b) {
    return literalEnd(data, start);
  }

  let depth = 0;
  let i = start;
  for (;;) {
    const b = data[i]!;
    if (b === 0x22) {
      i = literalEnd(data, i);
      continue;
    }
    if (b === 0x7b || b === 0x5b) {
      depth++;
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) {
        return i + 1;
      }
    }
    i++;
  }
}

/**
 * Decodes the quoted string `data[start, end)`. Invalid UTF-8 bytes and
 * unpaired UTF-16 surrogate escapes become U+FFFD, one per bad byte or
 * escape.
 *
 * @go encoding/json/decode.go:unquoteBytes
 */
export function unquote(data: Uint8Array, start: number, end: number): string {
  const runes: number[] = [];
  const last = end - 1;
  let r = start + 1;
  while (r < last) {
    const c = data[r]!;
    if (c !== 0x5c) {
      const [rune, size] = decodeRune(data.subarray(0, last), r);
      runes.push(rune);
      r += size;
      continue;
    }

    const escape = data[r + 1]!;
    r += 2;
    switch (escape) {
      case 0x62:
        runes.push(0x08);
        break;
      case 0x66:
        runes.push(0x0c);
        break;
      case 0x6e:
        runes.push(0x0a);
        break;
      case 0x72:
        runes.push(0x0d);
        break;
      case 0x74:
        runes.push(0x09);
        break;
      case 0x75: {
        let rune = readHex4(data, r);
        r += 4;
        if (rune >= 0xd800 && rune < 0xe000) {
          const low = data[r] === 0x5c && data[r + 1] === 0x75 && r + 6 <= last ? readHex4(data, r + 2) : -1;
          if (rune < 0xdc00 && low >= 0xdc00 && low < 0xe000) {
            runes.push(0x10000 + ((rune - 0xd800) << 10) + (low - 0xdc00));
            r += 6;
            break;
          }
          rune = RUNE_ERROR;
        }
        runes.push(rune);
        break;
      }
      default:
        // '"', '\\' and '/' stand for themselves.
        runes.push(escape);
    }
  }

  let text = '';
  for (let i = 0; i < runes.length; i += 4096) {
    text += String.fromCodePoint(...runes.slice(i, i + 4096));
  }

  return text;
}

function readHex4(data: Uint8Array, offset: number): number {
  return Number.parseInt(latin1(data, offset, offset + 4), 16);
}

/**
 * Reads `data[start, end)` the way a Go slice expression on the original
 * input would: past `end` is allowed up to the input's end, beyond which
 * Go panics.
 */
export function sliceBeyond(data: Uint8Array, start: number, end: number): Uint8Array {
  if (start > end || end > data.length) {
    throw new RuntimePanic(`slice bounds out of range`);
  }

  return data.subarray(start, end);
}
