/**
 * Content digests (`<algorithm>:<hex>`) of the distribution library that
 * Docker 17.03 vendors: parsing, validation and their error values.
 */

import { algorithmSize, newDigester, SHA256, SHA384, SHA512, type Algorithm } from './digester.ts';

/**
 * A digest string such as `sha256:e3b0…b855`. A value that came through
 * {@link parseDigest} has passed {@link validateDigest}.
 */
export type Digest = string;

/** The canonical sha256 digest of no data at all. */
export const DigestSha256EmptyTar =
  'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Shape of a digest before the algorithm and length checks. As in Go,
 * `0-9-_` is the range `0-9` followed by a literal `-` and `_`.
 */
export const DigestRegexp = /[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+/;

/** {@link DigestRegexp} anchored at both ends. */
export const DigestRegexpAnchored = new RegExp(`^${DigestRegexp.source}$`);

/*
 * Sentinel errors. Functions throw these very instances, so callers can test
 * `error === ErrDigestInvalidFormat` the way Go code compares with `==`.
 */

/** Thrown when a digest does not have the `<algorithm>:<hex>` shape. */
export const ErrDigestInvalidFormat = new Error('invalid checksum digest format');

/** Thrown when the hex part does not match the algorithm's hash size. */
export const ErrDigestInvalidLength = new Error('invalid checksum digest length');

/** Thrown for an algorithm other than sha256, sha384 and sha512. */
export const ErrDigestUnsupported = new Error('unsupported digest algorithm');

/**
 * Parses and validates a digest string, throwing one of the sentinel errors.
 *
 * NOTE: Go returns the digest together with the error; callers here only
 * ever use one of the two, so the port throws instead.
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:66-70
 */
export function parseDigest(s: string): Digest {
  validateDigest(s);
  return s;
}

/**
 * Checks a digest's shape, algorithm and hex length, throwing the first
 * sentinel error that applies.
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:90-118
 */
export function validateDigest(digest: Digest): void {
  if (!DigestRegexpAnchored.test(digest)) {
    throw ErrDigestInvalidFormat;
  }

  const separator = digest.indexOf(':');

  if (separator < 0) {
    throw ErrDigestInvalidFormat;
  }

  // "sha256:" with nothing after the colon.
  if (separator + 1 === digest.length) {
    throw ErrDigestInvalidFormat;
  }

  const algorithm = digest.slice(0, separator);

  switch (algorithm) {
    case SHA256:
    case SHA384:
    case SHA512:
      if (algorithmSize(algorithm) * 2 !== digest.length - separator - 1) {
        throw ErrDigestInvalidLength;
      }

      break;

    default:
      throw ErrDigestUnsupported;
  }
}

/**
 * Builds a digest from an algorithm and the raw hash bytes.
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:38-40
 */
export function newDigestFromBytes(algorithm: Algorithm, bytes: Uint8Array): Digest {
  return `${algorithm}:${Buffer.from(bytes).toString('hex')}`;
}

/**
 * Builds a digest from an algorithm and an already hex-encoded hash.
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:43-45
 */
export function newDigestFromHex(algorithm: Algorithm, hex: string): Digest {
  return `${algorithm}:${hex}`;
}

/**
 * Hashes `bytes` with the canonical algorithm (sha256).
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:79-81
 */
export function fromBytes(bytes: Uint8Array): Digest {
  const digester = newDigester(SHA256);

  digester.update(bytes);
  return digester.digest();
}

/**
 * Hashes the UTF-8 bytes of `text` with the canonical algorithm.
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:84-86
 */
export function fromString(text: string): Digest {
  return fromBytes(Buffer.from(text, 'utf8'));
}

/**
 * Returns the algorithm part of a digest, throwing if it has no colon.
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:122-124
 */
export function digestAlgorithm(digest: Digest): Algorithm {
  return digest.slice(0, separatorIndex(digest));
}

/**
 * Returns the hex part of a digest, throwing if it has no colon.
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:128-130
 */
export function digestHex(digest: Digest): string {
  return digest.slice(separatorIndex(digest) + 1);
}

/**
 * Finds the colon between algorithm and hex. Go panics without one, so
 * the port throws a plain Error with the panic's text.
 *
 * @go vendor/github.com/docker/distribution/digest/digest.go:136-144
 */
function separatorIndex(digest: Digest): number {
  const index = digest.indexOf(':');

  if (index < 0) {
    throw new Error(`could not find ':' in digest: ${digest}`);
  }

  return index;
}
