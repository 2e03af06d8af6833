/**
 * json.Decoder over bytes that are all in memory, with Go 1.7's stream
 * semantics: each decode reads exactly one JSON value, bytes after it are
 * left for the next call, and end of input gives io.EOF (only space left)
 * or io.ErrUnexpectedEOF (a value cut short).
 *
 * It is synchronous: the Docker CLI decodes a small config.json, so the
 * caller reads the whole file first. Go lines cited here are at go1.7.6
 * (named by function, see scanner.ts).
 */

import { EOF, ErrUnexpectedEOF } from './errors.ts';
import { decodeValid, toBytes } from './decode.ts';
import { Scanner, scanEnd, scanEndArray, scanEndObject, scanError } from './scanner.ts';
import { type Schema, zeroValue } from './schema.ts';

export class Decoder {
  private readonly buf: Uint8Array;
  private scanp = 0;
  private readonly scan = new Scanner();
  private err: Error | null = null;

  /** Takes the whole input; a string is read as its UTF-8 bytes. */
  constructor(input: Uint8Array | string) {
    this.buf = toBytes(input);
  }

  /**
   * Reads the next JSON value and returns it decoded into `schema`
   * (starting from `into` when given). A syntax or read error is kept and
   * thrown again by every later call, as in Go.
   *
   * @go encoding/json/stream.go:Decode
   */
  decode<T = unknown>(schema: Schema, into?: T): T {
    if (this.err !== null) {
      throw this.err;
    }

    const length = this.readValue();
    const value = this.buf.subarray(this.scanp, this.scanp + length);
    this.scanp += length;

    return decodeValid(value, schema, into === undefined ? zeroValue(schema) : into) as T;
  }

  /**
   * Reports whether another element or value follows: true unless only
   * space remains or the next byte is ']' or '}'. It moves past the space.
   *
   * @go encoding/json/stream.go:More
   */
  more(): boolean {
    while (this.scanp < this.buf.length) {
      const c = this.buf[this.scanp]!;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) {
        return c !== 0x5d && c !== 0x7d;
      }
      this.scanp++;
    }

    return false;
  }

  // NOTE: Decoder.Token and UseNumber are not ported, because the plugin
  // create path does not call them.

  /**
   * Returns the bytes after the last decoded value, as Decoder.Buffered.
   *
   * @go encoding/json/stream.go:Buffered
   */
  buffered(): Uint8Array {
    return this.buf.subarray(this.scanp);
  }

  /**
   * Finds the length of the next complete value from `scanp`.
   *
   * @go encoding/json/stream.go:readValue
   */
  private readValue(): number {
    this.scan.reset();
    const rest = this.buf.subarray(this.scanp);
    for (let i = 0; i < rest.length; i++) {
      this.scan.bytes++;
      const op = this.scan.step(this.scan, rest[i]!);
      if (op === scanEnd) {
        return i;
      }

      // Go ends an object or array at its closing bracket by feeding a
      // space, rather than waiting for a byte that may never come.
      if ((op === scanEndObject || op === scanEndArray) && this.scan.step(this.scan, 0x20) === scanEnd) {
        return i + 1;
      }
      if (op === scanError) {
        this.err = this.scan.err;
        throw this.err;
      }
    }

    // All input is read: Go sees io.EOF from the reader here.
    if (this.scan.step(this.scan, 0x20) === scanEnd) {
      return rest.length;
    }

    this.err = nonSpace(rest) ? ErrUnexpectedEOF : EOF;
    throw this.err;
  }
}

/** @go encoding/json/stream.go:nonSpace */
function nonSpace(bytes: Uint8Array): boolean {
  return bytes.some((c) => c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a);
}
