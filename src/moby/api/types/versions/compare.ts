/**
 * Compares two dotted API versions numerically, part by part; a missing or
 * non-numeric part counts as 0. Returns 1, -1 or 0.
 *
 * @go api/types/versions/compare.go:10-37
 */
function compare(v1: string, v2: string): number {
  const current = v1.split('.');
  const other = v2.split('.');
  const length = Math.max(current.length, other.length);

  for (let i = 0; i < length; i++) {
    const currentPart = atoi(current[i]);
    const otherPart = atoi(other[i]);

    if (currentPart > otherPart) {
      return 1;
    }
    if (otherPart > currentPart) {
      return -1;
    }
  }

  return 0;
}

/** @go api/types/versions/compare.go:40-42 */
export function lessThan(v: string, other: string): boolean {
  return compare(v, other) === -1;
}

/** @go api/types/versions/compare.go:50-52 */
export function greaterThan(v: string, other: string): boolean {
  return compare(v, other) === 1;
}

// Go's strconv.Atoi error is ignored by the original, leaving 0.
function atoi(part: string | undefined): number {
  if (part === undefined || !/^[+-]?\d+$/.test(part)) {
    return 0;
  }

  return Number.parseInt(part, 10);
}
