import { describe, expect, it } from 'vitest';
import {
  digestAlgorithm,
  digestHex,
  DigestSha256EmptyTar,
  ErrDigestInvalidFormat,
  ErrDigestInvalidLength,
  ErrDigestUnsupported,
  fromBytes,
  fromString,
  newDigestFromHex,
  parseDigest,
} from '../../../../../../../src/moby/vendor/github.com/docker/distribution/digest/digest.ts';
import {
  algorithmAvailable,
  algorithmSize,
  canonicalDigester,
  newDigester,
} from '../../../../../../../src/moby/vendor/github.com/docker/distribution/digest/digester.ts';

const D64 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Results of the vendored `digest.ParseDigest`, from a Go program. */
const PARSE_CASES: Array<[input: string, error: Error | undefined]> = [
  [`sha256:${D64}`, undefined],
  [`sha256:${D64.toUpperCase()}`, undefined],
  ['sha256:', ErrDigestInvalidFormat],
  ['sha256', ErrDigestInvalidFormat],
  [':abc', ErrDigestInvalidFormat],
  ['', ErrDigestInvalidFormat],
  ['@:ab', ErrDigestInvalidFormat],
  ['sha256:ab:cd', ErrDigestInvalidFormat],
  ['sha256 :ab', ErrDigestInvalidFormat],
  [`sha256:${D64.slice(0, 63)}g`, ErrDigestInvalidFormat],
  ['sha256:abc', ErrDigestInvalidLength],
  ['sha384:abc', ErrDigestInvalidLength],
  ['sha512:abc', ErrDigestInvalidLength],
  ['md5:d41d8cd98f00b204e9800998ecf8427e', ErrDigestUnsupported],
  [`SHA256:${D64}`, ErrDigestUnsupported],
  ['sha-256:ab', ErrDigestUnsupported],
  ['a_b+c.d-e:00', ErrDigestUnsupported],
];

describe('parseDigest', () => {
  it.each(PARSE_CASES)('parses %j', (input, error) => {
    if (error === undefined) {
      expect(parseDigest(input)).toBe(input);
    } else {
      expect(() => parseDigest(input)).toThrow(error);
    }
  });

  it('has the Go error texts', () => {
    expect(ErrDigestInvalidFormat.message).toBe('invalid checksum digest format');
    expect(ErrDigestInvalidLength.message).toBe('invalid checksum digest length');
    expect(ErrDigestUnsupported.message).toBe('unsupported digest algorithm');
  });
});

describe('digest parts', () => {
  it('splits algorithm and hex', () => {
    expect(digestAlgorithm(`sha256:${D64}`)).toBe('sha256');
    expect(digestHex(`sha256:${D64}`)).toBe(D64);
    expect(newDigestFromHex('sha512', 'ab')).toBe('sha512:ab');
  });

  it('throws without a colon', () => {
    expect(() => digestHex('sha256')).toThrow("could not find ':' in digest: sha256");
  });
});

describe('Digester', () => {
  it('hashes nothing to the empty digest', () => {
    expect(canonicalDigester().digest()).toBe(DigestSha256EmptyTar);
    expect(fromBytes(new Uint8Array())).toBe(DigestSha256EmptyTar);
  });

  it('keeps hashing after a digest is read', () => {
    const digester = canonicalDigester();

    digester.update(Buffer.from('hello '));
    expect(digester.digest()).toBe(fromString('hello '));

    digester.update(Buffer.from('world'));
    expect(digester.digest()).toBe(
      'sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
    );
  });

  it('supports sha384 and sha512', () => {
    expect(newDigester('sha384').digest()).toMatch(/^sha384:[0-9a-f]{96}$/);
    expect(newDigester('sha512').digest()).toMatch(/^sha512:[0-9a-f]{128}$/);
    expect(algorithmSize('sha512')).toBe(64);
    expect(algorithmSize('md5')).toBe(0);
    expect(algorithmAvailable('md5')).toBe(false);
  });

  it('rejects an unknown algorithm', () => {
    expect(() => newDigester('md5')).toThrow('md5 not available (make sure it is imported)');
  });
});
