import { randomBytes } from 'node:crypto';

/** A source of random bytes; the explorer swaps in a seeded one for reproducible traces. */
export type RandomSource = (size: number) => Uint8Array;

let random: RandomSource = (size) => randomBytes(size);

/** Replaces the random source (for seeded runs) and returns the previous one. */
export function setRandomSource(source: RandomSource): RandomSource {
  const previous = random;
  random = source;
  return previous;
}

/**
 * Returns a random 64-hex ID. An ID whose 12-character short form is all
 * digits is drawn again, because such a short ID reads as a number.
 *
 * @go pkg/stringid/stringid.go:38-57
 */
function generateID(): string {
  for (;;) {
    const id = Buffer.from(random(32)).toString('hex');

    if (/^\d+$/.test(id.slice(0, 12))) {
      continue;
    }

    return id;
  }
}

/**
 * Returns a new random ID for a plugin, image or container.
 *
 * @go pkg/stringid/stringid.go:60-62
 */
export function generateRandomID(): string {
  return generateID();
}
