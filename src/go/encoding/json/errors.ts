/**
 * Error types of Go's encoding/json as Go 1.7 words them. Docker 17.03 was
 * built with Go 1.7, and its CLI and daemon print these texts unchanged.
 *
 * Go 1.7 `UnmarshalTypeError.Error()` names only the value and the Go type
 * ("json: cannot unmarshal string into Go value of type []string"). Go 1.8
 * added the struct field to that text, so this port leaves it out.
 */

/** JSON syntax error, as json.SyntaxError. `offset` counts bytes read. */
export class SyntaxError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.name = 'json.SyntaxError';
    this.offset = offset;
  }
}

/** JSON value that does not fit the Go type it is decoded into. */
export class UnmarshalTypeError extends Error {
  /** Description of the JSON value: "string", "array", "number -5". */
  readonly value: string;

  /** Go type name, such as "[]string" or "types.PluginConfigArgs". */
  readonly type: string;

  readonly offset: number;

  constructor(value: string, type: string, offset: number) {
    super(`json: cannot unmarshal ${value} into Go value of type ${type}`);
    this.name = 'json.UnmarshalTypeError';
    this.value = value;
    this.type = type;
    this.offset = offset;
  }
}

/** Value that JSON cannot represent, such as NaN or an infinite float64. */
export class UnsupportedValueError extends Error {
  constructor(text: string) {
    super(`json: unsupported value: ${text}`);
    this.name = 'json.UnsupportedValueError';
  }
}

/**
 * Stand-ins for Go's io.EOF and io.ErrUnexpectedEOF, which Decoder.Decode
 * returns for empty and truncated input. Compare with `===`.
 */
export const EOF: Error = new Error('EOF');
export const ErrUnexpectedEOF: Error = new Error('unexpected EOF');

/**
 * Go runtime panic that Go 1.7 lets through json.Unmarshal instead of
 * turning it into an error, such as a slice index out of range inside an
 * UnmarshalJSON method.
 */
export class RuntimePanic extends Error {
  constructor(message: string) {
    super(`runtime error: ${message}`);
    this.name = 'runtime.Error';
  }
}
