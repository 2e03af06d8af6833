/**
 * Digest algorithms and the incremental digester of the vendored
 * distribution library, computed with node:crypto.
 */

import { createHash, type Hash } from 'node:crypto';
import { newDigestFromBytes, type Digest } from './digest.ts';

/** The name of a digest algorithm, such as `sha256`. */
export type Algorithm = string;

export const SHA256: Algorithm = 'sha256';
export const SHA384: Algorithm = 'sha384';
export const SHA512: Algorithm = 'sha512';

/** The algorithm distribution uses to store and address content. */
export const Canonical: Algorithm = SHA256;

/** Hash output size in bytes of each algorithm the package can compute. */
const HASH_SIZES: ReadonlyMap<Algorithm, number> = new Map([
  [SHA256, 32],
  [SHA384, 48],
  [SHA512, 64],
]);

/**
 * Reports whether the package can compute digests with `algorithm`.
 *
 * @go vendor/github.com/docker/distribution/digest/digester.go:43-51
 */
export function algorithmAvailable(algorithm: Algorithm): boolean {
  return HASH_SIZES.has(algorithm);
}

/**
 * Returns the hash size in bytes, or 0 for an unknown algorithm.
 *
 * @go vendor/github.com/docker/distribution/digest/digester.go:58-64
 */
export function algorithmSize(algorithm: Algorithm): number {
  return HASH_SIZES.get(algorithm) ?? 0;
}

/**
 * Creates a digester for `algorithm`. Go panics for an unavailable
 * algorithm, so the port throws an Error with the panic's text.
 *
 * @go vendor/github.com/docker/distribution/digest/digester.go:81-86
 */
export function newDigester(algorithm: Algorithm): Digester {
  if (!algorithmAvailable(algorithm)) {
    throw new Error(`${algorithm} not available (make sure it is imported)`);
  }

  return new Digester(algorithm, createHash(algorithm));
}

/** Creates a digester for the canonical algorithm (sha256). */
export function canonicalDigester(): Digester {
  return newDigester(Canonical);
}

/**
 * Hashes bytes as they are written and returns the digest so far. As with
 * Go's `hash.Hash.Sum`, reading the digest does not end the hash, so more
 * data may follow.
 */
export class Digester {
  readonly algorithm: Algorithm;
  readonly #hash: Hash;

  constructor(algorithm: Algorithm, hash: Hash) {
    this.algorithm = algorithm;
    this.#hash = hash;
  }

  /** Adds a chunk of data, like a write to the digester's Go `Hash()`. */
  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
  }

  /**
   * Returns `<algorithm>:<hex>` of everything written so far.
   *
   * @go vendor/github.com/docker/distribution/digest/digester.go:158-160
   */
  digest(): Digest {
    // A copy is finalized, so the running hash can take more data.
    return newDigestFromBytes(this.algorithm, this.#hash.copy().digest());
  }
}
