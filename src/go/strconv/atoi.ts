import { goQuote } from './quote.ts';

/**
 * A failed number conversion, worded as Go's `*strconv.NumError`:
 * `strconv.ParseInt: parsing "x": invalid syntax`.
 */
export class NumError extends Error {
  constructor(
    readonly func: string,
    readonly num: string,
    readonly reason: 'invalid syntax' | 'value out of range',
  ) {
    super(`strconv.${func}: parsing ${goQuote(num)}: ${reason}`);
    this.name = 'NumError';
  }
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * Parses a base-10 int as Go 1.7's `strconv.Atoi` does, which is
 * `ParseInt(s, 10, 0)` on a 64-bit machine: an optional sign, then one or
 * more ASCII digits, within int64. Go 1.7 names `ParseInt` in the error;
 * Go 1.8 and later name `Atoi`.
 *
 * @gostd strconv.Atoi
 */
export function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    throw new NumError('ParseInt', s, 'invalid syntax');
  }

  const value = BigInt(s);

  if (value > INT64_MAX || value < INT64_MIN) {
    throw new NumError('ParseInt', s, 'value out of range');
  }

  // NOTE: values beyond 2^53 lose precision as a JS number; timeouts never get there.
  return Number(value);
}
