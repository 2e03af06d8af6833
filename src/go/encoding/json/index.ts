/**
 * Go 1.7 encoding/json for the types Docker 17.03 decodes and encodes,
 * described by Schema values instead of Go reflection.
 */

export { Decoder } from './stream.ts';
export { unmarshal } from './decode.ts';
export { encode, marshal } from './encode.ts';
export {
  EOF,
  ErrUnexpectedEOF,
  RuntimePanic,
  SyntaxError,
  UnmarshalTypeError,
  UnsupportedValueError,
} from './errors.ts';
export {
  boolType,
  field,
  int64Type,
  interfaceType,
  mapOf,
  pointerTo,
  sliceOf,
  stringType,
  struct,
  typeName,
  uint32Type,
  zeroValue,
} from './schema.ts';
export type { CustomSchema, FieldSchema, Schema, StructSchema } from './schema.ts';
export { decodeUtf8 } from './utf8.ts';
export { sliceBeyond } from './decode.ts';
