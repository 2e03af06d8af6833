/**
 * json.Marshal and Encoder.Encode with Go 1.7 output, driven by a Schema.
 * Go lines cited here are at go1.7.6 (named by function, see scanner.ts).
 *
 * Output rules kept from Go: struct fields in declaration order, no
 * spaces, `omitempty` dropping false, 0, "", nil and empty slices and
 * maps but never structs, nil slices and maps as `null`, map keys sorted
 * by their UTF-8 bytes, and float64 formatted with strconv's 'g' verb.
 */

import { UnsupportedValueError } from './errors.ts';
import type { Schema, StructSchema } from './schema.ts';
import { encodeUtf8 } from './utf8.ts';

interface EncodeOptions {
  escapeHTML: boolean;
}

const HEX = '0123456789abcdef';

/**
 * Returns the JSON encoding of `value`, HTML-escaped as json.Marshal does.
 *
 * @go encoding/json/encode.go:Marshal
 */
export function marshal(value: unknown, schema: Schema): string {
  return encodeValue(value, schema, { escapeHTML: true }, false);
}

/**
 * Returns what Encoder.Encode writes: the encoding plus a newline.
 * `escapeHTML: false` matches an Encoder after SetEscapeHTML(false), as
 * Docker's API server uses for responses.
 *
 * @go encoding/json/stream.go:Encode
 */
export function encode(value: unknown, schema: Schema, options: { escapeHTML?: boolean } = {}): string {
  return `${encodeValue(value, schema, { escapeHTML: options.escapeHTML ?? true }, false)}\n`;
}

/**
 * Encodes one value. `addressable` is true when Go could take the value's
 * address (a slice element, a pointer target or a field of one), because
 * only then does it call a pointer-receiver MarshalJSON.
 *
 * @go encoding/json/encode.go:newTypeEncoder
 */
function encodeValue(value: unknown, schema: Schema, options: EncodeOptions, addressable: boolean): string {
  switch (schema.kind) {
    case 'string':
      return encodeString(value as string, options.escapeHTML);
    case 'bool':
      return value ? 'true' : 'false';
    case 'uint32':
      return String(value as number);
    case 'int64':
      return String(value as bigint);
    case 'interface':
      return encodeInterface(value, options);
    case 'slice':
      if (value === null) {
        return 'null';
      }
      return `[${(value as unknown[]).map((item) => encodeValue(item, schema.elem, options, true)).join(',')}]`;
    case 'pointer':
      return value === null ? 'null' : encodeValue(value, schema.elem, options, true);
    case 'map':
      return value === null ? 'null' : encodeMap(value as Record<string, unknown>, (item) => encodeValue(item, schema.elem, options, false), options);
    case 'struct':
      return encodeStruct(value as Record<string, unknown>, schema, options, addressable);
    case 'custom':
      // The method's output is already compact and HTML-escaped, which Go's
      // compact() would leave unchanged under either escapeHTML setting.
      return addressable ? schema.marshalJSON(value) : encodeStruct(value as Record<string, unknown>, schema.underlying, options, false);
  }
}

/** @go encoding/json/encode.go:structEncoder.encode */
function encodeStruct(value: Record<string, unknown>, schema: StructSchema, options: EncodeOptions, addressable: boolean): string {
  const members: string[] = [];
  for (const f of schema.fields) {
    const fieldValue = value[f.key];
    if (f.omitEmpty && isEmptyValue(fieldValue, f.type)) {
      continue;
    }
    members.push(`${encodeString(f.json, options.escapeHTML)}:${encodeValue(fieldValue, f.type, options, addressable)}`);
  }

  return `{${members.join(',')}}`;
}

/** @go encoding/json/encode.go:isEmptyValue */
function isEmptyValue(value: unknown, schema: Schema): boolean {
  switch (schema.kind) {
    case 'string':
      return value === '';
    case 'bool':
      return value === false;
    case 'uint32':
      return value === 0;
    case 'int64':
      return value === 0n;
    case 'slice':
      return value === null || (value as unknown[]).length === 0;
    case 'map':
      return value === null || Object.keys(value as object).length === 0;
    case 'pointer':
    case 'interface':
      return value === null;
    case 'struct':
    case 'custom':
      return false;
  }
}

/** @go encoding/json/encode.go:mapEncoder.encode */
function encodeMap(map: Record<string, unknown>, encodeItem: (item: unknown) => string, options: EncodeOptions): string {
  const keys = Object.keys(map).sort((a, b) => Buffer.compare(encodeUtf8(a), encodeUtf8(b)));
  const members = keys.map((key) => `${encodeString(key, options.escapeHTML)}:${encodeItem(map[key])}`);

  return `{${members.join(',')}}`;
}

/** Encodes an interface{} value by the dynamic type its JS value stands for. */
function encodeInterface(value: unknown, options: EncodeOptions): string {
  if (value === null || value === undefined) {
    return 'null';
  }

  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatFloat(value);
    case 'bigint':
      return String(value);
    case 'string':
      return encodeString(value, options.escapeHTML);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => encodeInterface(item, options)).join(',')}]`;
  }

  return encodeMap(value as Record<string, unknown>, (item) => encodeInterface(item, options), options);
}

/**
 * Formats a float64 as Go 1.7's encoder does: strconv 'g' with the
 * shortest digits, so 1e6 is "1e+06". Go 1.8 switched to ES6 style.
 *
 * @go encoding/json/encode.go:floatEncoder.encode
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) {
    throw new UnsupportedValueError(Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf');
  }
  if (value === 0) {
    return Object.is(value, -0) ? '-0' : '0';
  }

  // toExponential() with no argument gives the shortest round-trip digits.
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  const sign = negative ? '-' : '';

  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }

  const pointPosition = exponent + 1;
  if (pointPosition <= 0) {
    return `${sign}0.${'0'.repeat(-pointPosition)}${digits}`;
  }
  if (pointPosition >= digits.length) {
    return `${sign}${digits}${'0'.repeat(pointPosition - digits.length)}`;
  }

  return `${sign}${digits.slice(0, pointPosition)}.${digits.slice(pointPosition)}`;
}

/**
 * Quotes a string as Go's encoder does: `\"`, `\\`, `\n`, `\r`, `\t`,
 * `\u00XX` for other control bytes and (with escapeHTML) for `<`, `>`,
 * `&`, and `\u2028`/`\u2029` always. A lone surrogate in the JS string is
 * written as `\ufffd`, as Go writes an invalid UTF-8 byte.
 *
 * @go encoding/json/encode.go:encodeState.string
 */
export function encodeString(text: string, escapeHTML: boolean): string {
  let out = '"';
  for (const ch of text) {
    const rune = ch.codePointAt(0)!;
    if (rune < 0x80) {
      const safe = rune >= 0x20 && rune !== 0x5c && rune !== 0x22 && (!escapeHTML || (rune !== 0x3c && rune !== 0x3e && rune !== 0x26));
      if (safe) {
        out += ch;
        continue;
      }

      switch (rune) {
        case 0x5c:
        case 0x22:
          out += `\\${ch}`;
          break;
        case 0x0a:
          out += '\\n';
          break;
        case 0x0d:
          out += '\\r';
          break;
        case 0x09:
          out += '\\t';
          break;
        default:
          out += `\\u00${HEX[rune >> 4]}${HEX[rune & 0xf]}`;
      }
      continue;
    }

    if (rune >= 0xd800 && rune < 0xe000) {
      out += '\\ufffd';
    } else if (rune === 0x2028 || rune === 0x2029) {
      out += `\\u202${HEX[rune & 0xf]}`;
    } else {
      out += ch;
    }
  }

  return `${out}"`;
}
