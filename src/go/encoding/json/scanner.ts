/**
 * Byte-at-a-time JSON syntax checker, a port of Go's encoding/json scanner
 * at go1.7.6. It exists to give Go's syntax error texts and to find where
 * the first JSON value of a stream ends.
 *
 * NOTE: the go1.7.6 tree was not available while porting, so `@go` tags
 * in this package name the function instead of a line range.
 */

import { SyntaxError } from './errors.ts';
import { goQuote } from '../../strconv/quote.ts';

// Scan codes returned by each step, in Go's order: codes from SkipSpace
// on mark the bytes that compact() drops.
export const scanContinue = 0;
export const scanBeginLiteral = 1;
export const scanBeginObject = 2;
export const scanObjectKey = 3;
export const scanObjectValue = 4;
export const scanEndObject = 5;
export const scanBeginArray = 6;
export const scanArrayValue = 7;
export const scanEndArray = 8;
export const scanSkipSpace = 9;
export const scanEnd = 10;
export const scanError = 11;

const parseObjectKey = 0;
const parseObjectValue = 1;
const parseArrayValue = 2;

type StepFunction = (s: Scanner, c: number) => number;

/**
 * JSON scanner state: the current step function and the stack of open
 * objects and arrays. The stack is an array, so nesting depth has no limit
 * besides memory, as in Go 1.7 (the max depth of 10000 came in Go 1.15).
 */
export class Scanner {
  step: StepFunction = stateBeginValue;
  parseState: number[] = [];
  endTop = false;
  err: SyntaxError | null = null;
  bytes = 0;

  /** @go encoding/json/scanner.go:reset */
  reset(): void {
    this.step = stateBeginValue;
    this.parseState = [];
    this.endTop = false;
    this.err = null;
    this.bytes = 0;
  }

  /**
   * Signals the end of input: returns scanEnd when a complete value was
   * read, else records "unexpected end of JSON input".
   *
   * @go encoding/json/scanner.go:eof
   */
  eof(): number {
    if (this.err !== null) {
      return scanError;
    }
    if (this.endTop) {
      return scanEnd;
    }

    this.step(this, 0x20);
    if (this.endTop) {
      return scanEnd;
    }
    if (this.err === null) {
      this.err = new SyntaxError('unexpected end of JSON input', this.bytes);
    }

    return scanError;
  }

  /** @go encoding/json/scanner.go:error */
  error(c: number, context: string): number {
    this.step = stateError;
    this.err = new SyntaxError(`invalid character ${quoteChar(c)} ${context}`, this.bytes);
    return scanError;
  }
}

/**
 * Checks that `data` holds exactly one JSON value with optional space
 * around it, returning Go's syntax error if not.
 *
 * @go encoding/json/scanner.go:checkValid
 */
export function checkValid(data: Uint8Array, scan: Scanner): SyntaxError | null {
  scan.reset();
  for (const c of data) {
    scan.bytes++;
    if (scan.step(scan, c) === scanError) {
      return scan.err;
    }
  }
  if (scan.eof() === scanError) {
    return scan.err;
  }

  return null;
}

/**
 * Formats a byte for a syntax error. Go converts the byte to a rune, so
 * byte 0xEF of a BOM reads as 'ï'.
 *
 * @go encoding/json/scanner.go:quoteChar
 */
export function quoteChar(c: number): string {
  if (c === 0x27) {
    return "'\\''";
  }
  if (c === 0x22) {
    return `'"'`;
  }

  return `'${goQuote(String.fromCodePoint(c)).slice(1, -1)}'`;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** @go encoding/json/scanner.go:stateBeginValueOrEmpty */
function stateBeginValueOrEmpty(s: Scanner, c: number): number {
  if (c <= 0x20 && isSpace(c)) {
    return scanSkipSpace;
  }
  if (c === 0x5d) {
    return stateEndValue(s, c);
  }

  return stateBeginValue(s, c);
}

/** @go encoding/json/scanner.go:stateBeginValue */
function stateBeginValue(s: Scanner, c: number): number {
  if (c <= 0x20 && isSpace(c)) {
    return scanSkipSpace;
  }

  switch (c) {
    case 0x7b: // {
      s.step = stateBeginStringOrEmpty;
      s.parseState.push(parseObjectKey);
      return scanBeginObject;
    case 0x5b: // [
      s.step = stateBeginValueOrEmpty;
      s.parseState.push(parseArrayValue);
      return scanBeginArray;
    case 0x22: // "
      s.step = stateInString;
      return scanBeginLiteral;
    case 0x2d: // -
      s.step = stateNeg;
      return scanBeginLiteral;
    case 0x30: // 0
      s.step = state0;
      return scanBeginLiteral;
    case 0x74: // t
      s.step = literalStep('rue', 'true');
      return scanBeginLiteral;
    case 0x66: // f
      s.step = literalStep('alse', 'false');
      return scanBeginLiteral;
    case 0x6e: // n
      s.step = literalStep('ull', 'null');
      return scanBeginLiteral;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = state1;
    return scanBeginLiteral;
  }

  return s.error(c, 'looking for beginning of value');
}

/** @go encoding/json/scanner.go:stateBeginStringOrEmpty */
function stateBeginStringOrEmpty(s: Scanner, c: number): number {
  if (c <= 0x20 && isSpace(c)) {
    return scanSkipSpace;
  }
  if (c === 0x7d) {
    s.parseState[s.parseState.length - 1] = parseObjectValue;
    return stateEndValue(s, c);
  }

  return stateBeginString(s, c);
}

/** @go encoding/json/scanner.go:stateBeginString */
function stateBeginString(s: Scanner, c: number): number {
  if (c <= 0x20 && isSpace(c)) {
    return scanSkipSpace;
  }
  if (c === 0x22) {
    s.step = stateInString;
    return scanBeginLiteral;
  }

  return s.error(c, 'looking for beginning of object key string');
}

/**
 * Handles the byte after a complete value: a separator, the end of the
 * enclosing object or array, or the end of the top-level value.
 *
 * @go encoding/json/scanner.go:stateEndValue
 */
function stateEndValue(s: Scanner, c: number): number {
  const n = s.parseState.length;
  if (n === 0) {
    s.step = stateEndTop;
    s.endTop = true;
    return stateEndTop(s, c);
  }
  if (c <= 0x20 && isSpace(c)) {
    s.step = stateEndValue;
    return scanSkipSpace;
  }

  switch (s.parseState[n - 1]) {
    case parseObjectKey:
      if (c === 0x3a) {
        s.parseState[n - 1] = parseObjectValue;
        s.step = stateBeginValue;
        return scanObjectKey;
      }
      return s.error(c, 'after object key');
    case parseObjectValue:
      if (c === 0x2c) {
        s.parseState[n - 1] = parseObjectKey;
        s.step = stateBeginString;
        return scanObjectValue;
      }
      if (c === 0x7d) {
        popParseState(s);
        return scanEndObject;
      }
      return s.error(c, 'after object key:value pair');
    default:
      if (c === 0x2c) {
        s.step = stateBeginValue;
        return scanArrayValue;
      }
      if (c === 0x5d) {
        popParseState(s);
        return scanEndArray;
      }
      return s.error(c, 'after array element');
  }
}

/** @go encoding/json/scanner.go:popParseState */
function popParseState(s: Scanner): void {
  s.parseState.pop();
  if (s.parseState.length === 0) {
    s.step = stateEndTop;
    s.endTop = true;
  } else {
    s.step = stateEndValue;
  }
}

/**
 * Accepts only space after the top-level value. It returns scanEnd even
 * for other bytes, so a Decoder stops there, but records the error that
 * checkValid reports.
 *
 * @go encoding/json/scanner.go:stateEndTop
 */
function stateEndTop(s: Scanner, c: number): number {
  if (!isSpace(c)) {
    s.error(c, 'after top-level value');
  }

  return scanEnd;
}

/** @go encoding/json/scanner.go:stateInString */
function stateInString(s: Scanner, c: number): number {
  if (c === 0x22) {
    s.step = stateEndValue;
    return scanContinue;
  }
  if (c === 0x5c) {
    s.step = stateInStringEsc;
    return scanContinue;
  }
  if (c < 0x20) {
    return s.error(c, 'in string literal');
  }

  return scanContinue;
}

/** @go encoding/json/scanner.go:stateInStringEsc */
function stateInStringEsc(s: Scanner, c: number): number {
  switch (c) {
    case 0x62: // b
    case 0x66: // f
    case 0x6e: // n
    case 0x72: // r
    case 0x74: // t
    case 0x5c: // backslash
    case 0x2f: // /
    case 0x22: // "
      s.step = stateInString;
      return scanContinue;
    case 0x75: // u
      s.step = hexStep(4);
      return scanContinue;
  }

  return s.error(c, 'in string escape code');
}

/**
 * Builds the step that expects `remaining` more hex digits of a \u escape.
 *
 * @go encoding/json/scanner.go:stateInStringEscU
 */
function hexStep(remaining: number): StepFunction {
  return (s, c) => {
    if (!isHex(c)) {
      return s.error(c, 'in \\u hexadecimal character escape');
    }

    s.step = remaining === 1 ? stateInString : hexStep(remaining - 1);
    return scanContinue;
  };
}

/** @go encoding/json/scanner.go:stateNeg */
function stateNeg(s: Scanner, c: number): number {
  if (c === 0x30) {
    s.step = state0;
    return scanContinue;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = state1;
    return scanContinue;
  }

  return s.error(c, 'in numeric literal');
}

/** @go encoding/json/scanner.go:state1 */
function state1(s: Scanner, c: number): number {
  if (isDigit(c)) {
    s.step = state1;
    return scanContinue;
  }

  return state0(s, c);
}

/** @go encoding/json/scanner.go:state0 */
function state0(s: Scanner, c: number): number {
  if (c === 0x2e) {
    s.step = stateDot;
    return scanContinue;
  }
  if (c === 0x65 || c === 0x45) {
    s.step = stateE;
    return scanContinue;
  }

  return stateEndValue(s, c);
}

/** @go encoding/json/scanner.go:stateDot */
function stateDot(s: Scanner, c: number): number {
  if (isDigit(c)) {
    s.step = stateDot0;
    return scanContinue;
  }

  return s.error(c, 'after decimal point in numeric literal');
}

/** @go encoding/json/scanner.go:stateDot0 */
function stateDot0(s: Scanner, c: number): number {
  if (isDigit(c)) {
    return scanContinue;
  }
  if (c === 0x65 || c === 0x45) {
    s.step = stateE;
    return scanContinue;
  }

  return stateEndValue(s, c);
}

/** @go encoding/json/scanner.go:stateE */
function stateE(s: Scanner, c: number): number {
  if (c === 0x2b || c === 0x2d) {
    s.step = stateESign;
    return scanContinue;
  }

  return stateESign(s, c);
}

/** @go encoding/json/scanner.go:stateESign */
function stateESign(s: Scanner, c: number): number {
  if (isDigit(c)) {
    s.step = stateE0;
    return scanContinue;
  }

  return s.error(c, 'in exponent of numeric literal');
}

/** @go encoding/json/scanner.go:stateE0 */
function stateE0(s: Scanner, c: number): number {
  if (isDigit(c)) {
    return scanContinue;
  }

  return stateEndValue(s, c);
}

/**
 * Builds the steps for the rest of `true`, `false` or `null`; Go spells
 * them out as stateT, stateTr, stateTru and so on.
 *
 * @go encoding/json/scanner.go:stateT
 */
function literalStep(rest: string, word: string): StepFunction {
  return (s, c) => {
    const expected = rest.charCodeAt(0);
    if (c !== expected) {
      return s.error(c, `in literal ${word} (expecting '${rest[0]}')`);
    }

    s.step = rest.length === 1 ? stateEndValue : literalStep(rest.slice(1), word);
    return scanContinue;
  };
}

/** @go encoding/json/scanner.go:stateError */
function stateError(): number {
  return scanError;
}
