/**
 * Type descriptions that stand in for Go's reflection: they give the JSON
 * decoder and encoder the Go kind, Go type name, field order, json tags
 * and custom (Un)marshalJSON methods of the values they handle.
 *
 * Go values map to JS values as follows: string to string, bool to
 * boolean, uint32 to number, int64 to bigint, a nil slice, map, pointer or
 * interface to `null`, a slice to an array, map[string]T to a
 * null-prototype object, a struct to an object keyed by `FieldSchema.key`,
 * and interface{} to null, boolean, number (float64), string, array or a
 * null-prototype object.
 */

export type Schema =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'uint32' }
  | { kind: 'int64' }
  | { kind: 'interface' }
  | { kind: 'slice'; elem: Schema }
  | { kind: 'pointer'; elem: Schema }
  | { kind: 'map'; elem: Schema }
  | StructSchema
  | CustomSchema;

/** Go struct: the qualified type name and its fields in declaration order. */
export interface StructSchema {
  kind: 'struct';
  goType: string;
  fields: FieldSchema[];
}

/** Exported struct field with its json tag split into name and options. */
export interface FieldSchema {
  /** Property name of the JS object. */
  key: string;
  /** Field name in the Go source. */
  goName: string;
  /** Name in JSON, from the tag, or the Go name when the tag has none. */
  json: string;
  omitEmpty: boolean;
  type: Schema;
}

/**
 * Go type with pointer-receiver UnmarshalJSON and MarshalJSON methods.
 * `underlying` describes its fields, which Go encodes instead of calling
 * MarshalJSON when the value is not addressable.
 */
export interface CustomSchema {
  kind: 'custom';
  goType: string;
  underlying: StructSchema;
  /**
   * Decodes the raw JSON value `data[start, end)`. Go passes a slice whose
   * capacity runs to the end of the input, so a method may read past `end`.
   * Errors it throws abort decoding, as Go's d.error does.
   */
  unmarshalJSON(data: Uint8Array, start: number, end: number, current: unknown): unknown;
  /** Returns compact JSON text, already escaped for HTML. */
  marshalJSON(value: unknown): string;
}

export const stringType: Schema = { kind: 'string' };
export const boolType: Schema = { kind: 'bool' };
export const uint32Type: Schema = { kind: 'uint32' };
export const int64Type: Schema = { kind: 'int64' };
export const interfaceType: Schema = { kind: 'interface' };

export function sliceOf(elem: Schema): Schema {
  return { kind: 'slice', elem };
}

export function pointerTo(elem: Schema): Schema {
  return { kind: 'pointer', elem };
}

/** map[string]T; Go 1.7 also allows integer keys, which no schema here needs. */
export function mapOf(elem: Schema): Schema {
  return { kind: 'map', elem };
}

/**
 * Describes a struct field from its JS key, Go name, json tag (as written
 * between the quotes after `json:`) and type.
 */
export function field(key: string, goName: string, tag: string, type: Schema): FieldSchema {
  const [name = '', ...options] = tag.split(',');

  return {
    key,
    goName,
    json: name === '' ? goName : name,
    omitEmpty: options.includes('omitempty'),
    type,
  };
}

export function struct(goType: string, fields: FieldSchema[]): StructSchema {
  return { kind: 'struct', goType, fields };
}

/** Returns the Go type name as reflect.Type.String() prints it. */
export function typeName(schema: Schema): string {
  switch (schema.kind) {
    case 'string':
    case 'bool':
    case 'uint32':
    case 'int64':
      return schema.kind;
    case 'interface':
      return 'interface {}';
    case 'slice':
      return `[]${typeName(schema.elem)}`;
    case 'pointer':
      return `*${typeName(schema.elem)}`;
    case 'map':
      return `map[string]${typeName(schema.elem)}`;
    case 'struct':
    case 'custom':
      return schema.goType;
  }
}

/** Returns the Go zero value of a type. */
export function zeroValue(schema: Schema): unknown {
  switch (schema.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'uint32':
      return 0;
    case 'int64':
      return 0n;
    case 'interface':
    case 'slice':
    case 'pointer':
    case 'map':
      return null;
    case 'struct':
      return zeroStruct(schema);
    case 'custom':
      return zeroStruct(schema.underlying);
  }
}

function zeroStruct(schema: StructSchema): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const f of schema.fields) {
    value[f.key] = zeroValue(f.type);
  }

  return value;
}
