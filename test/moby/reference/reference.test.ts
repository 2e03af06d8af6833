import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanStatusCode } from '@opentelemetry/api';
import { startRecorder, type Recorder } from '../../../src/explorer/tracing/provider.ts';
import {
  isCanonical,
  isNameOnly,
  isTagged,
  normalize,
  parseIDOrReference,
  parseNamed,
  splitHostname,
  trimNamed,
  withDefaultTag,
  withDigest,
  withName,
  withTag,
  type Named,
} from '../../../src/moby/reference/reference.ts';

const D64 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEX64 = '0123456789abcdef'.repeat(4);

interface Parsed {
  name: string;
  string: string;
  tag?: string;
  digest?: string;
  hostname: string;
  remoteName: string;
  fullName: string;
  /** `withDefaultTag(ref).string()`. */
  defaulted: string;
}

/**
 * Inputs and the results of Docker 17.03's `reference.ParseNamed`, produced
 * by a Go program against copies of the vendored packages. The one change
 * is DEL, which Go 1.7 quotes as `\u007f` (the Go 1.19 that ran the program
 * writes `\x7f`).
 */
const CASES: Array<[input: string, expected: Parsed | { error: string }]> = [
  [
    'foo',
    { name: 'foo', string: 'foo', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:latest' },
  ],
  [
    'foo:bar',
    { name: 'foo', string: 'foo:bar', tag: 'bar', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:bar' },
  ],
  [
    'foo:latest',
    { name: 'foo', string: 'foo:latest', tag: 'latest', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:latest' },
  ],
  ['Foo', { error: 'Error parsing reference: "Foo" is not a valid repository/tag: repository name must be lowercase' }],
  ['foo/Bar', { error: 'Error parsing reference: "foo/Bar" is not a valid repository/tag: repository name must be lowercase' }],
  ['Foo/bar', { error: 'invalid reference format: repository name must be lowercase' }],
  ['FOO/bar:tag', { error: 'invalid reference format: repository name must be lowercase' }],
  [`${HEX64}`, { error: `Invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings` }],
  [`library/${HEX64}`, { error: `Invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings` }],
  [`docker.io/library/${HEX64}`, { error: `Invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings` }],
  [`${HEX64}:tag`, { error: `Invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings` }],
  [
    `foo/${HEX64}`,
    { name: `foo/${HEX64}`, string: `foo/${HEX64}`, hostname: 'docker.io', remoteName: `foo/${HEX64}`, fullName: `docker.io/foo/${HEX64}`, defaulted: `foo/${HEX64}:latest` },
  ],
  [
    `${HEX64.slice(0, 63)}`,
    { name: `${HEX64.slice(0, 63)}`, string: `${HEX64.slice(0, 63)}`, hostname: 'docker.io', remoteName: `library/${HEX64.slice(0, 63)}`, fullName: `docker.io/library/${HEX64.slice(0, 63)}`, defaulted: `${HEX64.slice(0, 63)}:latest` },
  ],
  [
    `${HEX64}0`,
    { name: `${HEX64}0`, string: `${HEX64}0`, hostname: 'docker.io', remoteName: `library/${HEX64}0`, fullName: `docker.io/library/${HEX64}0`, defaulted: `${HEX64}0:latest` },
  ],
  [
    'docker.io/library/foo',
    { name: 'foo', string: 'foo', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:latest' },
  ],
  [
    'docker.io/foo',
    { name: 'foo', string: 'foo', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:latest' },
  ],
  [
    'docker.io/library/foo/bar',
    { name: 'foo/bar', string: 'foo/bar', hostname: 'docker.io', remoteName: 'foo/bar', fullName: 'docker.io/foo/bar', defaulted: 'foo/bar:latest' },
  ],
  [
    'index.docker.io/foo',
    { name: 'foo', string: 'foo', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:latest' },
  ],
  [
    'index.docker.io/library/foo:1.0',
    { name: 'foo', string: 'foo:1.0', tag: '1.0', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:1.0' },
  ],
  [
    'library/foo',
    { name: 'foo', string: 'foo', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:latest' },
  ],
  [
    'docker.io',
    { name: 'docker.io', string: 'docker.io', hostname: 'docker.io', remoteName: 'library/docker.io', fullName: 'docker.io/library/docker.io', defaulted: 'docker.io:latest' },
  ],
  [
    'localhost:5000/foo:tag',
    { name: 'localhost:5000/foo', string: 'localhost:5000/foo:tag', tag: 'tag', hostname: 'localhost:5000', remoteName: 'foo', fullName: 'localhost:5000/foo', defaulted: 'localhost:5000/foo:tag' },
  ],
  [
    'localhost/foo',
    { name: 'localhost/foo', string: 'localhost/foo', hostname: 'localhost', remoteName: 'foo', fullName: 'localhost/foo', defaulted: 'localhost/foo:latest' },
  ],
  [
    `localhost:5000/foo/bar@sha256:${D64}`,
    { name: 'localhost:5000/foo/bar', string: `localhost:5000/foo/bar@sha256:${D64}`, digest: `sha256:${D64}`, hostname: 'localhost:5000', remoteName: 'foo/bar', fullName: 'localhost:5000/foo/bar', defaulted: `localhost:5000/foo/bar@sha256:${D64}` },
  ],
  [
    `registry.example.com:5000/a/b@sha256:${D64}`,
    { name: 'registry.example.com:5000/a/b', string: `registry.example.com:5000/a/b@sha256:${D64}`, digest: `sha256:${D64}`, hostname: 'registry.example.com:5000', remoteName: 'a/b', fullName: 'registry.example.com:5000/a/b', defaulted: `registry.example.com:5000/a/b@sha256:${D64}` },
  ],
  [
    `registry.example.com/a/b:tag@sha256:${D64}`,
    { name: 'registry.example.com/a/b', string: `registry.example.com/a/b@sha256:${D64}`, digest: `sha256:${D64}`, hostname: 'registry.example.com', remoteName: 'a/b', fullName: 'registry.example.com/a/b', defaulted: `registry.example.com/a/b@sha256:${D64}` },
  ],
  [
    `foo:${'t'.repeat(128)}`,
    { name: 'foo', string: `foo:${'t'.repeat(128)}`, tag: `${'t'.repeat(128)}`, hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: `foo:${'t'.repeat(128)}` },
  ],
  [`foo:${'t'.repeat(129)}`, { error: `Error parsing reference: "foo:${'t'.repeat(129)}" is not a valid repository/tag: invalid reference format` }],
  ['foo:', { error: 'Error parsing reference: "foo:" is not a valid repository/tag: invalid reference format' }],
  [':tag', { error: 'Error parsing reference: ":tag" is not a valid repository/tag: invalid reference format' }],
  ['foo@sha256:short', { error: 'Error parsing reference: "foo@sha256:short" is not a valid repository/tag: invalid reference format' }],
  [`foo@sha256:${D64.slice(0, 32)}`, { error: `Error parsing reference: "foo@sha256:${D64.slice(0, 32)}" is not a valid repository/tag: invalid checksum digest length` }],
  [`foo@md5:${D64.slice(0, 32)}`, { error: `Error parsing reference: "foo@md5:${D64.slice(0, 32)}" is not a valid repository/tag: unsupported digest algorithm` }],
  [`foo@SHA256:${D64}`, { error: `Error parsing reference: "foo@SHA256:${D64}" is not a valid repository/tag: unsupported digest algorithm` }],
  [
    `foo@sha512:${D64}${D64}`,
    { name: 'foo', string: `foo@sha512:${D64}${D64}`, digest: `sha512:${D64}${D64}`, hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: `foo@sha512:${D64}${D64}` },
  ],
  [
    `foo@sha384:${D64}${D64.slice(0, 32)}`,
    { name: 'foo', string: `foo@sha384:${D64}${D64.slice(0, 32)}`, digest: `sha384:${D64}${D64.slice(0, 32)}`, hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: `foo@sha384:${D64}${D64.slice(0, 32)}` },
  ],
  [
    `foo@sha256:${D64.toUpperCase()}`,
    { name: 'foo', string: `foo@sha256:${D64.toUpperCase()}`, digest: `sha256:${D64.toUpperCase()}`, hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: `foo@sha256:${D64.toUpperCase()}` },
  ],
  [`foo@sha256:${D64}0`, { error: `Error parsing reference: "foo@sha256:${D64}0" is not a valid repository/tag: invalid checksum digest length` }],
  [`foo@sha256+b64:${D64}`, { error: `Error parsing reference: "foo@sha256+b64:${D64}" is not a valid repository/tag: unsupported digest algorithm` }],
  [`foo@sha256-:${D64}`, { error: `Error parsing reference: "foo@sha256-:${D64}" is not a valid repository/tag: invalid reference format` }],
  ['foo@', { error: 'Error parsing reference: "foo@" is not a valid repository/tag: invalid reference format' }],
  [`${'a'.repeat(256)}`, { error: `Error parsing reference: "${'a'.repeat(256)}" is not a valid repository/tag: repository name must not be more than 255 characters` }],
  [
    `${'a'.repeat(255)}`,
    { name: `${'a'.repeat(255)}`, string: `${'a'.repeat(255)}`, hostname: 'docker.io', remoteName: `library/${'a'.repeat(255)}`, fullName: `docker.io/library/${'a'.repeat(255)}`, defaulted: `${'a'.repeat(255)}:latest` },
  ],
  [`docker.io/library/${'a'.repeat(250)}`, { error: `Error parsing reference: "docker.io/library/${'a'.repeat(250)}" is not a valid repository/tag: repository name must not be more than 255 characters` }],
  ['a..b', { error: 'Error parsing reference: "a..b" is not a valid repository/tag: invalid reference format' }],
  [
    'a__b',
    { name: 'a__b', string: 'a__b', hostname: 'docker.io', remoteName: 'library/a__b', fullName: 'docker.io/library/a__b', defaulted: 'a__b:latest' },
  ],
  ['a___b', { error: 'Error parsing reference: "a___b" is not a valid repository/tag: invalid reference format' }],
  [
    'a---b',
    { name: 'a---b', string: 'a---b', hostname: 'docker.io', remoteName: 'library/a---b', fullName: 'docker.io/library/a---b', defaulted: 'a---b:latest' },
  ],
  [
    'a.b',
    { name: 'a.b', string: 'a.b', hostname: 'docker.io', remoteName: 'library/a.b', fullName: 'docker.io/library/a.b', defaulted: 'a.b:latest' },
  ],
  [
    'a_b',
    { name: 'a_b', string: 'a_b', hostname: 'docker.io', remoteName: 'library/a_b', fullName: 'docker.io/library/a_b', defaulted: 'a_b:latest' },
  ],
  [
    'a-b',
    { name: 'a-b', string: 'a-b', hostname: 'docker.io', remoteName: 'library/a-b', fullName: 'docker.io/library/a-b', defaulted: 'a-b:latest' },
  ],
  ['a_.b', { error: 'Error parsing reference: "a_.b" is not a valid repository/tag: invalid reference format' }],
  ['-ab', { error: 'Error parsing reference: "-ab" is not a valid repository/tag: invalid reference format' }],
  ['ab-', { error: 'Error parsing reference: "ab-" is not a valid repository/tag: invalid reference format' }],
  ['foo/', { error: 'Error parsing reference: "foo/" is not a valid repository/tag: invalid reference format' }],
  ['/foo', { error: 'Error parsing reference: "/foo" is not a valid repository/tag: invalid reference format' }],
  ['', { error: 'Error parsing reference: "" is not a valid repository/tag: repository name must have at least one component' }],
  [
    'LOCALHOST:5000/foo',
    { name: 'LOCALHOST:5000/foo', string: 'LOCALHOST:5000/foo', hostname: 'LOCALHOST:5000', remoteName: 'foo', fullName: 'LOCALHOST:5000/foo', defaulted: 'LOCALHOST:5000/foo:latest' },
  ],
  [
    'Registry.Example.COM:5000/foo:Tag',
    { name: 'Registry.Example.COM:5000/foo', string: 'Registry.Example.COM:5000/foo:Tag', tag: 'Tag', hostname: 'Registry.Example.COM:5000', remoteName: 'foo', fullName: 'Registry.Example.COM:5000/foo', defaulted: 'Registry.Example.COM:5000/foo:Tag' },
  ],
  ['Registry.Example.COM:5000/Foo', { error: 'Error parsing reference: "Registry.Example.COM:5000/Foo" is not a valid repository/tag: repository name must be lowercase' }],
  ['föö', { error: 'Error parsing reference: "föö" is not a valid repository/tag: invalid reference format' }],
  ['\u212aey', { error: 'Error parsing reference: "\u212aey" is not a valid repository/tag: repository name must be lowercase' }],
  ['\u0130mage', { error: 'Error parsing reference: "\u0130mage" is not a valid repository/tag: repository name must be lowercase' }],
  ['foo\u0009bar', { error: 'Error parsing reference: "foo\\tbar" is not a valid repository/tag: invalid reference format' }],
  ['foo\u007f', { error: 'Error parsing reference: "foo\\u007f" is not a valid repository/tag: invalid reference format' }],
  ['foo\u00ad', { error: 'Error parsing reference: "foo\\u00ad" is not a valid repository/tag: invalid reference format' }],
  ['foo\u0085', { error: 'Error parsing reference: "foo\\u0085" is not a valid repository/tag: invalid reference format' }],
  ['foo"bar', { error: 'Error parsing reference: "foo\\"bar" is not a valid repository/tag: invalid reference format' }],
  ['foo\\bar', { error: 'Error parsing reference: "foo\\\\bar" is not a valid repository/tag: invalid reference format' }],
  ['emoji 😀', { error: 'Error parsing reference: "emoji 😀" is not a valid repository/tag: invalid reference format' }],
  ['日本語', { error: 'Error parsing reference: "日本語" is not a valid repository/tag: invalid reference format' }],
  ['foo:bar:baz', { error: 'Error parsing reference: "foo:bar:baz" is not a valid repository/tag: invalid reference format' }],
  ['foo@bar', { error: 'Error parsing reference: "foo@bar" is not a valid repository/tag: invalid reference format' }],
  [
    'foo:5000/bar',
    { name: 'foo:5000/bar', string: 'foo:5000/bar', hostname: 'foo:5000', remoteName: 'bar', fullName: 'foo:5000/bar', defaulted: 'foo:5000/bar:latest' },
  ],
  [
    'foo:5000',
    { name: 'foo', string: 'foo:5000', tag: '5000', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:5000' },
  ],
  [
    'a/b/c/d/e',
    { name: 'a/b/c/d/e', string: 'a/b/c/d/e', hostname: 'docker.io', remoteName: 'a/b/c/d/e', fullName: 'docker.io/a/b/c/d/e', defaulted: 'a/b/c/d/e:latest' },
  ],
  [
    'a.b/c',
    { name: 'a.b/c', string: 'a.b/c', hostname: 'a.b', remoteName: 'c', fullName: 'a.b/c', defaulted: 'a.b/c:latest' },
  ],
  [
    'a-b.c-d.e:1/x',
    { name: 'a-b.c-d.e:1/x', string: 'a-b.c-d.e:1/x', hostname: 'a-b.c-d.e:1', remoteName: 'x', fullName: 'a-b.c-d.e:1/x', defaulted: 'a-b.c-d.e:1/x:latest' },
  ],
  ['-a.com/x', { error: 'Error parsing reference: "-a.com/x" is not a valid repository/tag: invalid reference format' }],
  ['a-.com/x', { error: 'Error parsing reference: "a-.com/x" is not a valid repository/tag: invalid reference format' }],
  ['foo:-tag', { error: 'Error parsing reference: "foo:-tag" is not a valid repository/tag: invalid reference format' }],
  ['foo:.tag', { error: 'Error parsing reference: "foo:.tag" is not a valid repository/tag: invalid reference format' }],
  [
    'foo:_tag',
    { name: 'foo', string: 'foo:_tag', tag: '_tag', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:_tag' },
  ],
  [
    'foo:TAG',
    { name: 'foo', string: 'foo:TAG', tag: 'TAG', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:TAG' },
  ],
  [
    'foo:a.b-c_D',
    { name: 'foo', string: 'foo:a.b-c_D', tag: 'a.b-c_D', hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: 'foo:a.b-c_D' },
  ],
  ['localhost:/foo', { error: 'Error parsing reference: "localhost:/foo" is not a valid repository/tag: invalid reference format' }],
  ['localhost:abc/foo', { error: 'Error parsing reference: "localhost:abc/foo" is not a valid repository/tag: invalid reference format' }],
  [
    '127.0.0.1:5000/foo',
    { name: '127.0.0.1:5000/foo', string: '127.0.0.1:5000/foo', hostname: '127.0.0.1:5000', remoteName: 'foo', fullName: '127.0.0.1:5000/foo', defaulted: '127.0.0.1:5000/foo:latest' },
  ],
  ['[::1]:5000/foo', { error: 'Error parsing reference: "[::1]:5000/foo" is not a valid repository/tag: invalid reference format' }],
  ['foo/bar/', { error: 'Error parsing reference: "foo/bar/" is not a valid repository/tag: invalid reference format' }],
  ['foo//bar', { error: 'Error parsing reference: "foo//bar" is not a valid repository/tag: invalid reference format' }],
  [' foo', { error: 'Error parsing reference: " foo" is not a valid repository/tag: invalid reference format' }],
  ['foo ', { error: 'Error parsing reference: "foo " is not a valid repository/tag: invalid reference format' }],
  ['docker.io/Library/foo', { error: 'Error parsing reference: "docker.io/Library/foo" is not a valid repository/tag: repository name must be lowercase' }],
  [
    'index.docker.io',
    { name: 'index.docker.io', string: 'index.docker.io', hostname: 'docker.io', remoteName: 'library/index.docker.io', fullName: 'docker.io/library/index.docker.io', defaulted: 'index.docker.io:latest' },
  ],
  [
    'localhost',
    { name: 'localhost', string: 'localhost', hostname: 'docker.io', remoteName: 'library/localhost', fullName: 'docker.io/library/localhost', defaulted: 'localhost:latest' },
  ],
  [
    'docker.io/library',
    { name: 'library', string: 'library', hostname: 'docker.io', remoteName: 'library/library', fullName: 'docker.io/library/library', defaulted: 'library:latest' },
  ],
  [
    'docker.io/library/library',
    { name: 'library', string: 'library', hostname: 'docker.io', remoteName: 'library/library', fullName: 'docker.io/library/library', defaulted: 'library:latest' },
  ],
  [
    `foo:tag@sha256:${D64}`,
    { name: 'foo', string: `foo@sha256:${D64}`, digest: `sha256:${D64}`, hostname: 'docker.io', remoteName: 'library/foo', fullName: 'docker.io/library/foo', defaulted: `foo@sha256:${D64}` },
  ],
  [`${'a'.repeat(5000)}!`, { error: `Error parsing reference: "${'a'.repeat(5000)}!" is not a valid repository/tag: invalid reference format` }],
  [`${'a-'.repeat(3000)}a!`, { error: `Error parsing reference: "${'a-'.repeat(3000)}a!" is not a valid repository/tag: invalid reference format` }],
  [
    'foo/bar:1.0',
    { name: 'foo/bar', string: 'foo/bar:1.0', tag: '1.0', hostname: 'docker.io', remoteName: 'foo/bar', fullName: 'docker.io/foo/bar', defaulted: 'foo/bar:1.0' },
  ],
  ['LocalHost/foo', { error: 'invalid reference format: repository name must be lowercase' }],
  ['example.com/Foo', { error: 'Error parsing reference: "example.com/Foo" is not a valid repository/tag: repository name must be lowercase' }],
  [
    'example.com',
    { name: 'example.com', string: 'example.com', hostname: 'docker.io', remoteName: 'library/example.com', fullName: 'docker.io/library/example.com', defaulted: 'example.com:latest' },
  ],
  [
    'example.com/library/foo',
    { name: 'example.com/library/foo', string: 'example.com/library/foo', hostname: 'example.com', remoteName: 'library/foo', fullName: 'example.com/library/foo', defaulted: 'example.com/library/foo:latest' },
  ],
  [
    'docker.io:5000/foo',
    { name: 'docker.io:5000/foo', string: 'docker.io:5000/foo', hostname: 'docker.io:5000', remoteName: 'foo', fullName: 'docker.io:5000/foo', defaulted: 'docker.io:5000/foo:latest' },
  ],
];

function describeRef(ref: Named): Parsed {
  const parsed: Parsed = {
    name: ref.name(),
    string: ref.string(),
    hostname: ref.hostname(),
    remoteName: ref.remoteName(),
    fullName: ref.fullName(),
    defaulted: withDefaultTag(ref).string(),
  };

  if (isTagged(ref)) {
    parsed.tag = ref.tag();
  }

  if (isCanonical(ref)) {
    parsed.digest = ref.digest();
  }

  return parsed;
}

function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }

  return undefined;
}

describe('parseNamed', () => {
  it('covers at least 60 inputs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES.map(([input, expected]) => [input.slice(0, 60), input, expected] as const))(
    'parses %j',
    (_label, input, expected) => {
      if ('error' in expected) {
        expect(errorOf(() => parseNamed(input))).toBe(expected.error);
      } else {
        expect(describeRef(parseNamed(input))).toEqual(expected);
      }
    },
  );

  it('keeps the digest and drops the tag', () => {
    const ref = parseNamed(`foo:tag@sha256:${D64}`);

    expect(isCanonical(ref)).toBe(true);
    expect(isTagged(ref)).toBe(false);
    expect(ref.string()).toBe(`foo@sha256:${D64}`);
  });

  it('wraps grammar errors with a cause', () => {
    let caught: unknown;

    try {
      parseNamed('a..b');
    } catch (error) {
      caught = error;
    }

    expect((caught as Error).cause).toBeInstanceOf(Error);
    expect(((caught as Error).cause as Error).message).toBe('invalid reference format');
  });

  it('quotes lone surrogates as invalid UTF-8', () => {
    expect(errorOf(() => parseNamed('a\ud800'))).toBe(
      'Error parsing reference: "a\\xed\\xa0\\x80" is not a valid repository/tag: invalid reference format',
    );
  });

  it('rejects long invalid input quickly', () => {
    const started = performance.now();

    for (const input of ['a'.repeat(50_000) + '!', 'a-'.repeat(20_000) + '!', 'a.'.repeat(20_000) + '!']) {
      expect(errorOf(() => parseNamed(input))).toMatch(/invalid reference format$/);
    }

    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('name-only checks', () => {
  it('tells the three kinds apart', () => {
    const name = parseNamed('foo');
    const tagged = parseNamed('foo:1');
    const canonical = parseNamed(`foo@sha256:${D64}`);

    expect(isNameOnly(name)).toBe(true);
    expect(isNameOnly(tagged)).toBe(false);
    expect(isNameOnly(canonical)).toBe(false);
    expect(isTagged(tagged)).toBe(true);
    expect(isCanonical(tagged)).toBe(false);
    expect(isCanonical(canonical)).toBe(true);
  });

  it('adds latest only to a bare name', () => {
    expect(withDefaultTag(parseNamed('docker.io/library/foo')).string()).toBe('foo:latest');
    expect(withDefaultTag(parseNamed('foo:1.0')).string()).toBe('foo:1.0');
    expect(withDefaultTag(parseNamed(`foo@sha256:${D64}`)).string()).toBe(`foo@sha256:${D64}`);
  });
});

describe('withName, withTag and withDigest', () => {
  it('normalizes the name', () => {
    expect(withName('index.docker.io/library/foo').name()).toBe('foo');
    expect(withName('localhost:5000/foo').name()).toBe('localhost:5000/foo');
  });

  it('rejects invalid names', () => {
    expect(errorOf(() => withName(HEX64))).toBe(
      `Invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings`,
    );
    expect(errorOf(() => withName('Foo'))).toBe(
      'invalid reference format: repository name must be lowercase',
    );
    expect(errorOf(() => withName('foo:bar'))).toBe('invalid reference format');
    expect(errorOf(() => withName('a'.repeat(256)))).toBe(
      'repository name must not be more than 255 characters',
    );
  });

  it('combines a tag and a digest', () => {
    const tagged = withTag(withName('foo'), 'v1');
    const both = withDigest(tagged, `sha256:${D64}`);

    expect(both.string()).toBe(`foo:v1@sha256:${D64}`);
    expect(both.digest()).toBe(`sha256:${D64}`);
    expect(isTagged(both)).toBe(false);

    const retagged = withTag(both, 'v2');

    expect(retagged.string()).toBe(`foo:v2@sha256:${D64}`);
    expect(retagged.tag()).toBe('v2');
    expect(isCanonical(retagged)).toBe(false);
  });

  it('rejects an invalid tag or digest', () => {
    expect(errorOf(() => withTag(withName('foo'), '-x'))).toBe('invalid tag format');
    expect(errorOf(() => withTag(withName('foo'), 't'.repeat(129)))).toBe('invalid tag format');
    expect(errorOf(() => withDigest(withName('foo'), 'sha256:abc'))).toBe('invalid digest format');
  });

  it('trims a tag and a digest', () => {
    const trimmed = trimNamed(parseNamed(`localhost:5000/foo:1@sha256:${D64}`));

    expect(trimmed.string()).toBe('localhost:5000/foo');
    expect(isNameOnly(trimmed)).toBe(true);
  });
});

describe('splitHostname', () => {
  it.each([
    ['foo', 'docker.io', 'library/foo'],
    ['foo/bar', 'docker.io', 'foo/bar'],
    ['index.docker.io/foo', 'docker.io', 'library/foo'],
    ['docker.io/foo/bar', 'docker.io', 'foo/bar'],
    ['localhost/foo', 'localhost', 'foo'],
    ['LocalHost/foo', 'docker.io', 'LocalHost/foo'],
    ['example.com/foo', 'example.com', 'foo'],
    ['host:5000/a/b', 'host:5000', 'a/b'],
  ])('splits %s', (name, hostname, remoteName) => {
    expect(splitHostname(name)).toEqual([hostname, remoteName]);
  });
});

describe('parseIDOrReference', () => {
  it('reads a bare ID as a sha256 digest', () => {
    expect(parseIDOrReference(HEX64)).toEqual({ digest: `sha256:${HEX64}`, ref: undefined });
  });

  it('reads a digest', () => {
    expect(parseIDOrReference(`sha256:${D64}`)).toEqual({ digest: `sha256:${D64}`, ref: undefined });
  });

  it('reads a reference', () => {
    const result = parseIDOrReference('foo:1');

    expect(result.digest).toBe('');
    expect(result.ref?.string()).toBe('foo:1');
  });

  it('throws the reference error', () => {
    expect(errorOf(() => parseIDOrReference('Foo'))).toBe(
      'Error parsing reference: "Foo" is not a valid repository/tag: repository name must be lowercase',
    );
  });
});

describe('reference spans', () => {
  let recorder: Recorder;

  beforeEach(() => {
    recorder = startRecorder({ seed: 'reference' });
  });

  afterEach(async () => {
    await recorder.shutdown();
  });

  it('records input, name and string', () => {
    withDefaultTag(parseNamed('docker.io/library/foo'));

    const spans = recorder.spans();
    const byName = new Map(spans.map((span) => [span.name, span]));
    const parse = byName.get('parseNamed')!;
    const norm = byName.get('normalize')!;
    const tag = byName.get('withDefaultTag')!;

    expect(spans.map((span) => span.name).sort()).toEqual(['normalize', 'parseNamed', 'withDefaultTag']);
    expect(norm.parentSpanContext?.spanId).toBe(parse.spanContext().spanId);
    expect(parse.attributes['dockhop.reference.input']).toBe('docker.io/library/foo');
    expect(parse.attributes['dockhop.reference.name']).toBe('foo');
    expect(parse.attributes['dockhop.reference.string']).toBe('foo');
    expect(parse.attributes['dockhop.go.path']).toBe('reference/reference.go');
    expect(parse.attributes['dockhop.go.lines']).toBe('55-71');
    expect(parse.attributes['dockhop.layer']).toBeUndefined();
    expect(norm.attributes['dockhop.reference.input']).toBe('docker.io/library/foo');
    expect(norm.attributes['dockhop.reference.name']).toBe('foo');
    expect(norm.attributes['dockhop.go.lines']).toBe('197-209');
    expect(tag.attributes['dockhop.reference.input']).toBe('foo');
    expect(tag.attributes['dockhop.reference.string']).toBe('foo:latest');
    expect(tag.attributes['dockhop.go.lines']).toBe('145-150');
  });

  it('marks a failed parse', () => {
    expect(() => parseNamed('Foo/bar')).toThrow('repository name must be lowercase');

    const byName = new Map(recorder.spans().map((span) => [span.name, span]));

    expect(byName.get('normalize')!.status.code).toBe(SpanStatusCode.ERROR);
    expect(byName.get('parseNamed')!.status.message).toBe('invalid reference format: repository name must be lowercase');
  });

  it('gives normalize its own span', () => {
    expect(normalize('index.docker.io/library/foo')).toBe('foo');
    expect(recorder.spans()[0]!.attributes['dockhop.reference.name']).toBe('foo');
  });
});
