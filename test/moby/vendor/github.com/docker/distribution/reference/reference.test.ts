import { describe, expect, it } from 'vitest';
import {
  ErrNameContainsUppercase,
  ErrNameEmpty,
  ErrReferenceInvalidFormat,
  isCanonical,
  isNamed,
  isTagged,
  parse,
  parseNamed,
  splitHostname,
  trimNamed,
  withDigest,
  withName,
  withTag,
  type Named,
  type Reference,
} from '../../../../../../../src/moby/vendor/github.com/docker/distribution/reference/reference.ts';
import { DigestRegexp } from '../../../../../../../src/moby/vendor/github.com/docker/distribution/reference/regexp.ts';

const D64 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEX64 = '0123456789abcdef'.repeat(4);

type Kind = 'name' | 'tagged' | 'canonical' | 'tagged+canonical';

/**
 * Inputs and the results of the vendored distribution `reference.Parse`,
 * produced by a Go program against a copy of the vendored package.
 */
const CASES: Array<[input: string, expected: { kind: Kind; name: string; string: string } | { error: string }]> = [
  ['foo', { kind: 'name', name: 'foo', string: 'foo' }],
  ['foo:bar', { kind: 'tagged', name: 'foo', string: 'foo:bar' }],
  ['foo:latest', { kind: 'tagged', name: 'foo', string: 'foo:latest' }],
  ['Foo', { error: 'repository name must be lowercase' }],
  ['foo/Bar', { error: 'repository name must be lowercase' }],
  ['Foo/bar', { kind: 'name', name: 'Foo/bar', string: 'Foo/bar' }],
  ['FOO/bar:tag', { kind: 'tagged', name: 'FOO/bar', string: 'FOO/bar:tag' }],
  [`${HEX64}`, { kind: 'name', name: `${HEX64}`, string: `${HEX64}` }],
  [`library/${HEX64}`, { kind: 'name', name: `library/${HEX64}`, string: `library/${HEX64}` }],
  [`docker.io/library/${HEX64}`, { kind: 'name', name: `docker.io/library/${HEX64}`, string: `docker.io/library/${HEX64}` }],
  [`${HEX64}:tag`, { kind: 'tagged', name: `${HEX64}`, string: `${HEX64}:tag` }],
  [`foo/${HEX64}`, { kind: 'name', name: `foo/${HEX64}`, string: `foo/${HEX64}` }],
  [`${HEX64.slice(0, 63)}`, { kind: 'name', name: `${HEX64.slice(0, 63)}`, string: `${HEX64.slice(0, 63)}` }],
  [`${HEX64}0`, { kind: 'name', name: `${HEX64}0`, string: `${HEX64}0` }],
  ['docker.io/library/foo', { kind: 'name', name: 'docker.io/library/foo', string: 'docker.io/library/foo' }],
  ['docker.io/foo', { kind: 'name', name: 'docker.io/foo', string: 'docker.io/foo' }],
  ['docker.io/library/foo/bar', { kind: 'name', name: 'docker.io/library/foo/bar', string: 'docker.io/library/foo/bar' }],
  ['index.docker.io/foo', { kind: 'name', name: 'index.docker.io/foo', string: 'index.docker.io/foo' }],
  ['index.docker.io/library/foo:1.0', { kind: 'tagged', name: 'index.docker.io/library/foo', string: 'index.docker.io/library/foo:1.0' }],
  ['library/foo', { kind: 'name', name: 'library/foo', string: 'library/foo' }],
  ['docker.io', { kind: 'name', name: 'docker.io', string: 'docker.io' }],
  ['localhost:5000/foo:tag', { kind: 'tagged', name: 'localhost:5000/foo', string: 'localhost:5000/foo:tag' }],
  ['localhost/foo', { kind: 'name', name: 'localhost/foo', string: 'localhost/foo' }],
  [`localhost:5000/foo/bar@sha256:${D64}`, { kind: 'canonical', name: 'localhost:5000/foo/bar', string: `localhost:5000/foo/bar@sha256:${D64}` }],
  [`registry.example.com:5000/a/b@sha256:${D64}`, { kind: 'canonical', name: 'registry.example.com:5000/a/b', string: `registry.example.com:5000/a/b@sha256:${D64}` }],
  [`registry.example.com/a/b:tag@sha256:${D64}`, { kind: 'tagged+canonical', name: 'registry.example.com/a/b', string: `registry.example.com/a/b:tag@sha256:${D64}` }],
  [`foo:${'t'.repeat(128)}`, { kind: 'tagged', name: 'foo', string: `foo:${'t'.repeat(128)}` }],
  [`foo:${'t'.repeat(129)}`, { error: 'invalid reference format' }],
  ['foo:', { error: 'invalid reference format' }],
  [':tag', { error: 'invalid reference format' }],
  ['foo@sha256:short', { error: 'invalid reference format' }],
  [`foo@sha256:${D64.slice(0, 32)}`, { error: 'invalid checksum digest length' }],
  [`foo@md5:${D64.slice(0, 32)}`, { error: 'unsupported digest algorithm' }],
  [`foo@SHA256:${D64}`, { error: 'unsupported digest algorithm' }],
  [`foo@sha512:${D64}${D64}`, { kind: 'canonical', name: 'foo', string: `foo@sha512:${D64}${D64}` }],
  [`foo@sha384:${D64}${D64.slice(0, 32)}`, { kind: 'canonical', name: 'foo', string: `foo@sha384:${D64}${D64.slice(0, 32)}` }],
  [`foo@sha256:${D64.toUpperCase()}`, { kind: 'canonical', name: 'foo', string: `foo@sha256:${D64.toUpperCase()}` }],
  [`foo@sha256:${D64}0`, { error: 'invalid checksum digest length' }],
  [`foo@sha256+b64:${D64}`, { error: 'unsupported digest algorithm' }],
  [`foo@sha256-:${D64}`, { error: 'invalid reference format' }],
  ['foo@', { error: 'invalid reference format' }],
  [`${'a'.repeat(256)}`, { error: 'repository name must not be more than 255 characters' }],
  [`${'a'.repeat(255)}`, { kind: 'name', name: `${'a'.repeat(255)}`, string: `${'a'.repeat(255)}` }],
  [`docker.io/library/${'a'.repeat(250)}`, { error: 'repository name must not be more than 255 characters' }],
  ['a..b', { error: 'invalid reference format' }],
  ['a__b', { kind: 'name', name: 'a__b', string: 'a__b' }],
  ['a___b', { error: 'invalid reference format' }],
  ['a---b', { kind: 'name', name: 'a---b', string: 'a---b' }],
  ['a.b', { kind: 'name', name: 'a.b', string: 'a.b' }],
  ['a_b', { kind: 'name', name: 'a_b', string: 'a_b' }],
  ['a-b', { kind: 'name', name: 'a-b', string: 'a-b' }],
  ['a_.b', { error: 'invalid reference format' }],
  ['-ab', { error: 'invalid reference format' }],
  ['ab-', { error: 'invalid reference format' }],
  ['foo/', { error: 'invalid reference format' }],
  ['/foo', { error: 'invalid reference format' }],
  ['', { error: 'repository name must have at least one component' }],
  ['LOCALHOST:5000/foo', { kind: 'name', name: 'LOCALHOST:5000/foo', string: 'LOCALHOST:5000/foo' }],
  ['Registry.Example.COM:5000/foo:Tag', { kind: 'tagged', name: 'Registry.Example.COM:5000/foo', string: 'Registry.Example.COM:5000/foo:Tag' }],
  ['Registry.Example.COM:5000/Foo', { error: 'repository name must be lowercase' }],
  ['föö', { error: 'invalid reference format' }],
  ['\u212aey', { error: 'repository name must be lowercase' }],
  ['\u0130mage', { error: 'repository name must be lowercase' }],
  ['foo\u0009bar', { error: 'invalid reference format' }],
  ['foo\u007f', { error: 'invalid reference format' }],
  ['foo\u00ad', { error: 'invalid reference format' }],
  ['foo\u0085', { error: 'invalid reference format' }],
  ['foo"bar', { error: 'invalid reference format' }],
  ['foo\\bar', { error: 'invalid reference format' }],
  ['emoji 😀', { error: 'invalid reference format' }],
  ['日本語', { error: 'invalid reference format' }],
  ['foo:bar:baz', { error: 'invalid reference format' }],
  ['foo@bar', { error: 'invalid reference format' }],
  ['foo:5000/bar', { kind: 'name', name: 'foo:5000/bar', string: 'foo:5000/bar' }],
  ['foo:5000', { kind: 'tagged', name: 'foo', string: 'foo:5000' }],
  ['a/b/c/d/e', { kind: 'name', name: 'a/b/c/d/e', string: 'a/b/c/d/e' }],
  ['a.b/c', { kind: 'name', name: 'a.b/c', string: 'a.b/c' }],
  ['a-b.c-d.e:1/x', { kind: 'name', name: 'a-b.c-d.e:1/x', string: 'a-b.c-d.e:1/x' }],
  ['-a.com/x', { error: 'invalid reference format' }],
  ['a-.com/x', { error: 'invalid reference format' }],
  ['foo:-tag', { error: 'invalid reference format' }],
  ['foo:.tag', { error: 'invalid reference format' }],
  ['foo:_tag', { kind: 'tagged', name: 'foo', string: 'foo:_tag' }],
  ['foo:TAG', { kind: 'tagged', name: 'foo', string: 'foo:TAG' }],
  ['foo:a.b-c_D', { kind: 'tagged', name: 'foo', string: 'foo:a.b-c_D' }],
  ['localhost:/foo', { error: 'invalid reference format' }],
  ['localhost:abc/foo', { error: 'invalid reference format' }],
  ['127.0.0.1:5000/foo', { kind: 'name', name: '127.0.0.1:5000/foo', string: '127.0.0.1:5000/foo' }],
  ['[::1]:5000/foo', { error: 'invalid reference format' }],
  ['foo/bar/', { error: 'invalid reference format' }],
  ['foo//bar', { error: 'invalid reference format' }],
  [' foo', { error: 'invalid reference format' }],
  ['foo ', { error: 'invalid reference format' }],
  ['docker.io/Library/foo', { error: 'repository name must be lowercase' }],
  ['index.docker.io', { kind: 'name', name: 'index.docker.io', string: 'index.docker.io' }],
  ['localhost', { kind: 'name', name: 'localhost', string: 'localhost' }],
  ['docker.io/library', { kind: 'name', name: 'docker.io/library', string: 'docker.io/library' }],
  ['docker.io/library/library', { kind: 'name', name: 'docker.io/library/library', string: 'docker.io/library/library' }],
  [`foo:tag@sha256:${D64}`, { kind: 'tagged+canonical', name: 'foo', string: `foo:tag@sha256:${D64}` }],
  [`${'a'.repeat(5000)}!`, { error: 'invalid reference format' }],
  [`${'a-'.repeat(3000)}a!`, { error: 'invalid reference format' }],
  ['foo/bar:1.0', { kind: 'tagged', name: 'foo/bar', string: 'foo/bar:1.0' }],
  ['LocalHost/foo', { kind: 'name', name: 'LocalHost/foo', string: 'LocalHost/foo' }],
  ['example.com/Foo', { error: 'repository name must be lowercase' }],
  ['example.com', { kind: 'name', name: 'example.com', string: 'example.com' }],
  ['example.com/library/foo', { kind: 'name', name: 'example.com/library/foo', string: 'example.com/library/foo' }],
  ['docker.io:5000/foo', { kind: 'name', name: 'docker.io:5000/foo', string: 'docker.io:5000/foo' }],
];

function kindOf(ref: Reference): Kind {
  if (isCanonical(ref as Named)) {
    return isTagged(ref) ? 'tagged+canonical' : 'canonical';
  }

  return isTagged(ref) ? 'tagged' : 'name';
}

describe('parse', () => {
  it.each(CASES.map(([input, expected]) => [input.slice(0, 60), input, expected] as const))(
    'parses %j',
    (_label, input, expected) => {
      if ('error' in expected) {
        expect(() => parse(input)).toThrow(expected.error);
        return;
      }

      const ref = parse(input);

      expect(isNamed(ref)).toBe(true);
      expect({ kind: kindOf(ref), name: (ref as Named).name(), string: ref.string() }).toEqual(expected);
    },
  );

  it('throws the sentinel errors themselves', () => {
    const thrown = (input: string): unknown => {
      try {
        parse(input);
      } catch (error) {
        return error;
      }

      return undefined;
    };

    expect(thrown('')).toBe(ErrNameEmpty);
    expect(thrown('Foo')).toBe(ErrNameContainsUppercase);
    expect(thrown('a..b')).toBe(ErrReferenceInvalidFormat);
  });

  it('reads tag and digest', () => {
    const ref = parse(`host:5000/a/b:v1@sha256:${D64}`);

    expect(isTagged(ref) && ref.tag()).toBe('v1');
    expect(isCanonical(ref as Named) && (ref as Named & { digest(): string }).digest()).toBe(
      `sha256:${D64}`,
    );
  });
});

describe('parseNamed', () => {
  it('returns the parsed reference', () => {
    expect(parseNamed('docker.io/library/foo:1').string()).toBe('docker.io/library/foo:1');
    expect(() => parseNamed('foo:')).toThrow('invalid reference format');
  });
});

describe('withName', () => {
  it('accepts names without normalizing them', () => {
    expect(withName('docker.io/library/foo').name()).toBe('docker.io/library/foo');
    expect(withName(HEX64).name()).toBe(HEX64);
    expect(withName('Host:5000/foo').name()).toBe('Host:5000/foo');
  });

  it('rejects bad names', () => {
    expect(() => withName('a'.repeat(256))).toThrow('repository name must not be more than 255 characters');
    expect(() => withName('foo:tag')).toThrow('invalid reference format');
    expect(() => withName('')).toThrow('invalid reference format');
    expect(() => withName('Foo')).toThrow('invalid reference format');
  });
});

describe('withTag and withDigest', () => {
  it('keeps a digest when tagging', () => {
    const ref = withTag(withDigest(withName('foo'), `sha256:${D64}`), 'v1');

    expect(ref.string()).toBe(`foo:v1@sha256:${D64}`);
    expect(isCanonical(ref)).toBe(true);
  });

  it('keeps a tag when adding a digest', () => {
    const ref = withDigest(withTag(withName('foo'), 'v1'), `sha256:${D64}`);

    expect(ref.string()).toBe(`foo:v1@sha256:${D64}`);
    expect(isTagged(ref)).toBe(true);
  });

  it('checks only the digest grammar', () => {
    // withDigest does not validate the algorithm or the length.
    expect(withDigest(withName('foo'), `md5:${D64.slice(0, 32)}`).string()).toBe(
      `foo@md5:${D64.slice(0, 32)}`,
    );
    expect(() => withDigest(withName('foo'), 'sha256:abc')).toThrow('invalid digest format');
    expect(() => withTag(withName('foo'), '')).toThrow('invalid tag format');
  });

  it('trims to the name', () => {
    expect(trimNamed(withTag(withName('foo'), 'v1')).string()).toBe('foo');
  });
});

describe('splitHostname', () => {
  it.each([
    ['foo', '', 'foo'],
    ['foo/bar', 'foo', 'bar'],
    ['localhost:5000/foo/bar', 'localhost:5000', 'foo/bar'],
    ['docker.io/library/foo', 'docker.io', 'library/foo'],
  ])('splits %s', (name, hostname, rest) => {
    expect(splitHostname(withName(name))).toEqual([hostname, rest]);
  });
});

describe('grammar', () => {
  it('finds a digest inside text', () => {
    expect(DigestRegexp.exec(`x sha256+b64:${D64} y`)?.[0]).toBe(`sha256+b64:${D64}`);
  });
});
