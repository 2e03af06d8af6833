import { describe, expect, it } from 'vitest';

import {
  Decoder,
  EOF,
  ErrUnexpectedEOF,
  SyntaxError,
  UnmarshalTypeError,
  encode,
  field,
  interfaceType,
  int64Type,
  mapOf,
  marshal,
  sliceOf,
  stringType,
  struct,
  uint32Type,
  unmarshal,
} from '../../../../src/go/encoding/json/index.ts';
import { formatFloat } from '../../../../src/go/encoding/json/encode.ts';
import {
  type PluginConfig,
  pluginConfigInterfaceSchema,
  pluginConfigSchema,
} from '../../../../src/moby/api/types/plugin.ts';

/** Returns the message of what `run` throws, or "<nil>" when it returns. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return (err as Error).message;
  }

  return '<nil>';
}

// Texts checked against Go's output for the same input (the scanner has
// not changed between Go 1.7 and Go 1.19).
const syntaxCases: Array<[string, string, string]> = [
  // input, Unmarshal error, Decoder.Decode error
  ['', 'unexpected end of JSON input', 'EOF'],
  [' \n', 'unexpected end of JSON input', 'EOF'],
  ['x', "invalid character 'x' looking for beginning of value", "invalid character 'x' looking for beginning of value"],
  ['{', 'unexpected end of JSON input', 'unexpected EOF'],
  ['{"a" }', "invalid character '}' after object key", "invalid character '}' after object key"],
  ['\ufeff{}', "invalid character 'ï' looking for beginning of value", "invalid character 'ï' looking for beginning of value"],
  ['{}x', "invalid character 'x' after top-level value", '<nil>'],
  ['{} x', "invalid character 'x' after top-level value", '<nil>'],
  ['{}}', "invalid character '}' after top-level value", '<nil>'],
  ['[1,]', "invalid character ']' looking for beginning of value", "invalid character ']' looking for beginning of value"],
  ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')", "invalid character '}' in literal true (expecting 'e')"],
  ['"\\x"', "invalid character 'x' in string escape code", "invalid character 'x' in string escape code"],
  ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape", "invalid character 'g' in \\u hexadecimal character escape"],
  ['-', "invalid character ' ' in numeric literal", 'unexpected EOF'],
  ['1.', "invalid character ' ' after decimal point in numeric literal", 'unexpected EOF'],
  ['1e', "invalid character ' ' in exponent of numeric literal", 'unexpected EOF'],
  ['{"a":1,}', "invalid character '}' looking for beginning of object key string", "invalid character '}' looking for beginning of object key string"],
  ['{,}', "invalid character ',' looking for beginning of object key string", "invalid character ',' looking for beginning of object key string"],
  ['"a\u0001"', "invalid character '\\x01' in string literal", "invalid character '\\x01' in string literal"],
  ['nul', "invalid character ' ' in literal null (expecting 'l')", 'unexpected EOF'],
  ["'a'", "invalid character '\\'' looking for beginning of value", "invalid character '\\'' looking for beginning of value"],
  ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair", "invalid character '\"' after object key:value pair"],
  ['[1 2]', "invalid character '2' after array element", "invalid character '2' after array element"],
];

describe('syntax errors', () => {
  for (const [input, unmarshalText, decodeText] of syntaxCases) {
    it(`unmarshal ${JSON.stringify(input)}`, () => {
      expect(errorOf(() => unmarshal(input, pluginConfigSchema))).toBe(unmarshalText);
    });

    it(`decoder ${JSON.stringify(input)}`, () => {
      expect(errorOf(() => new Decoder(input).decode(pluginConfigSchema))).toBe(decodeText);
    });
  }

  it('syntax error class and offset', () => {
    let thrown: unknown;
    try {
      unmarshal('{"a" }', pluginConfigSchema);
    } catch (err) {
      thrown = err;
    }

    expect(thrown).toBeInstanceOf(SyntaxError);
    expect((thrown as SyntaxError).offset).toBe(6);
  });

  it('decoder EOF sentinels', () => {
    const caught: unknown[] = [];
    for (const input of ['', '{"a":']) {
      try {
        new Decoder(input).decode(pluginConfigSchema);
      } catch (err) {
        caught.push(err);
      }
    }

    expect(caught[0]).toBe(EOF);
    expect(caught[1]).toBe(ErrUnexpectedEOF);
  });

  it('decoder syntax error is sticky', () => {
    const decoder = new Decoder('x{}');

    expect(errorOf(() => decoder.decode(pluginConfigSchema))).toBe("invalid character 'x' looking for beginning of value");
    expect(errorOf(() => decoder.decode(pluginConfigSchema))).toBe("invalid character 'x' looking for beginning of value");
  });

  it('decoder reads values in turn', () => {
    const decoder = new Decoder('{"WorkDir":"/a"} {"WorkDir":"/b"}  ');
    const first = decoder.decode<PluginConfig>(pluginConfigSchema);
    const second = decoder.decode<PluginConfig>(pluginConfigSchema);

    expect(first.workDir).toBe('/a');
    expect(second.workDir).toBe('/b');
    expect(errorOf(() => decoder.decode(pluginConfigSchema))).toBe('EOF');
  });

  it('decoder more after value', () => {
    const trailing = new Decoder('{} \n');
    trailing.decode(pluginConfigSchema);
    const another = new Decoder('{}{}');
    another.decode(pluginConfigSchema);
    const closing = new Decoder('{} ]');
    closing.decode(pluginConfigSchema);

    expect(trailing.more()).toBe(false);
    expect(another.more()).toBe(true);
    expect(closing.more()).toBe(false);
  });

  it('decoder leaves trailing bytes', () => {
    const decoder = new Decoder('{"WorkDir":"/a"}garbage');
    const config = decoder.decode<PluginConfig>(pluginConfigSchema);

    expect(config.workDir).toBe('/a');
    expect(new TextDecoder().decode(decoder.buffered())).toBe('garbage');
  });
});

// Go 1.7 type error texts name no struct field (decode.go UnmarshalTypeError.Error).
const typeCases: Array<[string, string]> = [
  ['{"Entrypoint":"/bin/x"}', 'json: cannot unmarshal string into Go value of type []string'],
  ['{"Description":5}', 'json: cannot unmarshal number into Go value of type string'],
  ['{"Linux":{"AllowAllDevices":{}}}', 'json: cannot unmarshal object into Go value of type bool'],
  ['{"Linux":{"AllowAllDevices":1}}', 'json: cannot unmarshal number into Go value of type bool'],
  ['{"Args":[]}', 'json: cannot unmarshal array into Go value of type types.PluginConfigArgs'],
  ['{"Args":"x"}', 'json: cannot unmarshal string into Go value of type types.PluginConfigArgs'],
  ['{"Env":{}}', 'json: cannot unmarshal object into Go value of type []types.PluginEnv'],
  ['{"Env":[{"Value":true}]}', 'json: cannot unmarshal bool into Go value of type string'],
  ['{"Mounts":[{"Options":[1]}]}', 'json: cannot unmarshal number into Go value of type string'],
  ['{"User":{"UID":-1}}', 'json: cannot unmarshal number -1 into Go value of type uint32'],
  ['{"User":{"UID":4294967296}}', 'json: cannot unmarshal number 4294967296 into Go value of type uint32'],
  ['{"User":{"GID":1.5}}', 'json: cannot unmarshal number 1.5 into Go value of type uint32'],
  ['{"User":{"GID":1e3}}', 'json: cannot unmarshal number 1e3 into Go value of type uint32'],
  ['{"Interface":{"Types":"docker.volumedriver/1.0"}}', 'json: cannot unmarshal string into Go value of type []types.PluginInterfaceType'],
  ['{"Interface":{"Types":[null]}}', '"null" is not a plugin interface type'],
  ['{"Interface":{"Types":[1]}}', '"1" is not a plugin interface type'],
  ['{"Interface":{"Types":[{"a":"<"}]}}', '"{\\"a\\":\\"<\\"}" is not a plugin interface type'],
  ['[]', 'json: cannot unmarshal array into Go value of type types.PluginConfig'],
  ['"x"', 'json: cannot unmarshal string into Go value of type types.PluginConfig'],
  ['true', 'json: cannot unmarshal bool into Go value of type types.PluginConfig'],
];

describe('type errors', () => {
  for (const [input, text] of typeCases) {
    it(input, () => {
      expect(errorOf(() => unmarshal(input, pluginConfigSchema))).toBe(text);
      expect(errorOf(() => new Decoder(input).decode(pluginConfigSchema))).toBe(text);
    });
  }

  it('saved error keeps decoding', () => {
    const into = unmarshalInto('{"Entrypoint":"x","WorkDir":"/w","Description":false,"Network":{"Type":"host"}}');

    expect(into.err).toBeInstanceOf(UnmarshalTypeError);
    expect(into.err?.message).toBe('json: cannot unmarshal string into Go value of type []string');
    expect(into.value.workDir).toBe('/w');
    expect(into.value.network.type).toBe('host');
  });

  it('number into string aborts', () => {
    const into = unmarshalInto('{"Description":1,"WorkDir":"/w"}');

    expect(into.err?.message).toBe('json: cannot unmarshal number into Go value of type string');
    expect(into.value.workDir).toBe('');
  });

  it('first saved error wins', () => {
    const text = errorOf(() => unmarshal('{"Entrypoint":"x","User":{"UID":-1}}', pluginConfigSchema));

    expect(text).toBe('json: cannot unmarshal string into Go value of type []string');
  });
});

/** Decodes into a value the test keeps, so partial results stay visible. */
function unmarshalInto(input: string): { value: PluginConfig; err: Error | null } {
  const value = unmarshal<PluginConfig>('{}', pluginConfigSchema);
  try {
    unmarshal(input, pluginConfigSchema, value);
  } catch (err) {
    return { value, err: err as Error };
  }

  return { value, err: null };
}

describe('decoding', () => {
  it('case-insensitive keys', () => {
    const config = unmarshal<PluginConfig>(
      '{"propagatedmount":"/m","entrypoint":["a"],"WORKDIR":"/w","interface":{"SOCKET":"s.sock"}}',
      pluginConfigSchema,
    );

    expect(config.propagatedMount).toBe('/m');
    expect(config.entrypoint).toEqual(['a']);
    expect(config.workDir).toBe('/w');
    expect(config.interface.socket).toBe('s.sock');
  });

  it('upper-case ENTRYPOINT', () => {
    const config = unmarshal<PluginConfig>('{"ENTRYPOINT":["b"]}', pluginConfigSchema);

    expect(config.entrypoint).toEqual(['b']);
  });

  it('long s and Kelvin sign fold', () => {
    const config = unmarshal<PluginConfig>(
      '{"Linux":{"Capabilitieſ":["CAP_X"]},"Interface":{"Soc\u212aet":"k.sock"}}',
      pluginConfigSchema,
    );

    expect(config.linux.capabilities).toEqual(['CAP_X']);
    expect(config.interface.socket).toBe('k.sock');
  });

  it('long s needs an s in the name', () => {
    const config = unmarshal<PluginConfig>('{"ſ":"x","WorkDir":"/w","Workdiſr":"/z"}', pluginConfigSchema);

    expect(config.workDir).toBe('/w');
  });

  it('tag with underscore folds', () => {
    const config = unmarshal<PluginConfig>('{"ROOTFS":{"DIFF_IDS":["d"],"TYPE":"layers"}}', pluginConfigSchema);

    expect(config.rootfs).toEqual({ diffIds: ['d'], type: 'layers' });
  });

  it('exact match beats folded match', () => {
    const schema = struct('main.T', [
      field('lower', 'Lower', 'name', stringType),
      field('upper', 'Upper', 'Name', stringType),
    ]);
    const value = unmarshal<{ lower: string; upper: string }>('{"Name":"x","NAME":"y"}', schema);

    expect(value.upper).toBe('x');
    expect(value.lower).toBe('y');
  });

  it('unknown keys ignored', () => {
    const config = unmarshal<PluginConfig>('{"Bogus":{"deep":[1,{"x":null}]},"WorkDir":"/w"}', pluginConfigSchema);

    expect(config.workDir).toBe('/w');
  });

  it('null keeps scalars, clears slices', () => {
    const config = unmarshal<PluginConfig>(
      '{"WorkDir":"/w","Entrypoint":["a"],"WorkDir":null,"Entrypoint":null,"Args":null}',
      pluginConfigSchema,
    );

    expect(config.workDir).toBe('/w');
    expect(config.entrypoint).toBeNull();
    expect(config.args.value).toBeNull();
  });

  it('absent and empty arrays differ', () => {
    const config = unmarshal<PluginConfig>('{"Entrypoint":[],"Linux":{}}', pluginConfigSchema);

    expect(config.entrypoint).toEqual([]);
    expect(config.mounts).toBeNull();
    expect(config.linux.capabilities).toBeNull();
  });

  it('duplicate keys last wins', () => {
    const config = unmarshal<PluginConfig>('{"WorkDir":"/a","workdir":"/b","Entrypoint":["x","y"],"Entrypoint":["z"]}', pluginConfigSchema);

    expect(config.workDir).toBe('/b');
    expect(config.entrypoint).toEqual(['z']);
  });

  it('duplicate struct arrays merge', () => {
    // Go decodes the second array into the first one's elements in place.
    const config = unmarshal<PluginConfig>(
      '{"Env":[{"Name":"A","Value":"1"}],"Env":[{"Name":"B"}]}',
      pluginConfigSchema,
    );

    expect(config.env).toEqual([{ description: '', name: 'B', settable: null, value: '1' }]);
  });

  it('invalid UTF-8 becomes U+FFFD per byte', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"WorkDir":"'),
      0xe2, 0x82, 0x41, 0xff,
      ...new TextEncoder().encode('"}'),
    ]);
    const config = unmarshal<PluginConfig>(bytes, pluginConfigSchema);

    expect(config.workDir).toBe('\ufffd\ufffdA\ufffd');
  });

  it('unicode escapes and surrogates', () => {
    const config = unmarshal<PluginConfig>(
      String.raw`{"WorkDir":"\u0041\ud800\udc00\ud800x\udc00\/\"\\\b\f\n\r\t"}`,
      pluginConfigSchema,
    );

    expect(config.workDir).toBe('A\u{10000}\ufffdx\ufffd/"\\\b\f\n\r\t');
  });

  it('deep nesting in unknown key', () => {
    const depth = 100_000;
    const input = `{"Bogus":${'['.repeat(depth)}${']'.repeat(depth)},"WorkDir":"/w"}`;
    const config = unmarshal<PluginConfig>(input, pluginConfigSchema);

    expect(config.workDir).toBe('/w');
    expect(new Decoder(input).decode<PluginConfig>(pluginConfigSchema).workDir).toBe('/w');
  });

  it('uint32 range', () => {
    const config = unmarshal<PluginConfig>('{"User":{"UID":4294967295,"GID":0}}', pluginConfigSchema);

    expect(config.user.uid).toBe(4294967295);
    expect(config.user.gid).toBe(0);
  });

  it('int64 range', () => {
    const schema = struct('main.T', [field('n', 'N', 'N', int64Type)]);

    expect(unmarshal<{ n: bigint }>('{"N":-9223372036854775808}', schema).n).toBe(-(2n ** 63n));
    expect(errorOf(() => unmarshal('{"N":9223372036854775808}', schema))).toBe(
      'json: cannot unmarshal number 9223372036854775808 into Go value of type int64',
    );
  });

  it('interface values', () => {
    const schema = struct('main.T', [field('v', 'V', 'V', interfaceType)]);
    const value = unmarshal<{ v: Record<string, unknown> }>('{"V":{"b":[1,"s",true,null],"a":{}}}', schema);

    expect(value.v['b']).toEqual([1, 's', true, null]);
    expect(Object.keys(value.v['a'] as object)).toEqual([]);
    expect(marshal(value, schema)).toBe('{"V":{"a":{},"b":[1,"s",true,null]}}');
  });

  it('interface float overflow', () => {
    const schema = struct('main.T', [field('v', 'V', 'V', interfaceType)]);

    expect(errorOf(() => unmarshal('{"V":1e400}', schema))).toBe(
      'json: cannot unmarshal number 1e400 into Go value of type float64',
    );
  });

  it('interface type parsing', () => {
    const config = unmarshal<PluginConfig>(
      '{"Interface":{"Types":["docker.volumedriver/1.0","a.b.c/2/3","nodot/1","docker.authz"]}}',
      pluginConfigSchema,
    );

    expect(config.interface.types).toEqual([
      { prefix: 'docker', capability: 'volumedriver', version: '1.0' },
      { prefix: 'a.b', capability: 'c', version: '2/3' },
      { prefix: '', capability: 'odot', version: '1' },
      // Go slices past the closing quote when there is no '/'.
      { prefix: 'docker', capability: 'authz"]', version: '' },
    ]);
  });

  it('interface type keeps escapes raw', () => {
    const config = unmarshal<PluginConfig>(String.raw`{"Interface":{"Types":["docker.volumedriver\/1.0"]}}`, pluginConfigSchema);

    expect(config.interface.types).toEqual([{ prefix: 'docker', capability: 'volumedriver\\', version: '1.0' }]);
    expect(marshal(config.interface, pluginConfigInterfaceSchema)).toBe(
      String.raw`{"Socket":"","Types":["docker.volumedriver\\/1.0"]}`,
    );
  });

  it('interface type slash first panics', () => {
    expect(errorOf(() => unmarshal('{"Interface":{"Types":["/1.0"]}}', pluginConfigSchema))).toBe(
      'runtime error: slice bounds out of range',
    );
  });
});

describe('encoding', () => {
  const textSchema = struct('main.T', [
    field('s', 'S', 'S', stringType),
    field('o', 'O', 'O,omitempty', stringType),
    field('l', 'L', 'L,omitempty', sliceOf(stringType)),
    field('n', 'N', 'N', sliceOf(stringType)),
    field('u', 'U', 'U,omitempty', uint32Type),
    field('m', 'M', 'M', mapOf(stringType)),
  ]);

  it('HTML escaping', () => {
    const value = { s: '<a href="x">&\u2028\u2029\u007f\u0001\t\n\r\\', o: '', l: [], n: null, u: 0, m: null };

    expect(marshal(value, textSchema)).toBe(
      '{"S":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028\\u2029\u007f\\u0001\\t\\n\\r\\\\","N":null,"M":null}',
    );
    expect(encode(value, textSchema, { escapeHTML: false })).toBe(
      '{"S":"<a href=\\"x\\">&\\u2028\\u2029\u007f\\u0001\\t\\n\\r\\\\","N":null,"M":null}\n',
    );
  });

  it('omitempty and empty slice', () => {
    const value = { s: '', o: 'o', l: ['x'], n: [], u: 7, m: Object.assign(Object.create(null), { b: '2', a: '1', é: '3', z: '4' }) };

    expect(marshal(value, textSchema)).toBe('{"S":"","O":"o","L":["x"],"N":[],"U":7,"M":{"a":"1","b":"2","z":"4","é":"3"}}');
  });

  it('encode appends newline', () => {
    expect(encode({ s: 'x', o: '', l: null, n: null, u: 0, m: null }, textSchema)).toBe('{"S":"x","N":null,"M":null}\n');
  });

  it('Go 1.7 float format', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [1, '1'],
      [100, '100'],
      [123456, '123456'],
      [1e6, '1e+06'],
      [1234567, '1.234567e+06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [-2.5, '-2.5'],
      [1e21, '1e+21'],
      [1.5e-300, '1.5e-300'],
    ];
    for (const [value, text] of cases) {
      expect(formatFloat(value)).toBe(text);
    }
  });

  it('NaN is unsupported', () => {
    expect(errorOf(() => marshal(Number.NaN, interfaceType))).toBe('json: unsupported value: NaN');
  });
});
