/**
 * Slash-separated path helpers with the results of Go's `path` package,
 * which differ from Node's `path.posix` in small ways: `clean('')` is `.`,
 * a trailing slash is dropped, and `//a` becomes `/a`.
 */

/**
 * Returns the shortest equivalent path, resolving `.`, `..` and doubled
 * slashes lexically; `..` at the root of a rooted path is dropped.
 *
 * @gostd path.clean
 */
export function clean(p: string): string {
  if (p === '') {
    return '.';
  }

  const rooted = p.startsWith('/');
  const out: string[] = [];

  for (const part of p.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }

    if (part !== '..') {
      out.push(part);
    } else if (out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
    } else if (!rooted) {
      out.push('..');
    }
  }

  const joined = out.join('/');

  if (rooted) {
    return `/${joined}`;
  }

  return joined === '' ? '.' : joined;
}

/**
 * Joins the non-empty elements with slashes and cleans the result; no
 * non-empty element gives ''.
 *
 * @gostd path.Join
 */
export function join(...elements: string[]): string {
  const parts = elements.filter((element) => element !== '');
  return parts.length === 0 ? '' : clean(parts.join('/'));
}

/** @gostd path.isAbs */
export function isAbs(p: string): boolean {
  return p.startsWith('/');
}

/**
 * Returns all but the last element of a path, cleaned.
 *
 * @gostd path.Dir
 */
export function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

/**
 * Returns `target` relative to `base`, for two paths that are both rooted
 * or both relative (`filepath.Rel` on Linux, without its error cases).
 *
 * @gostd path/filepath.Rel
 */
export function rel(base: string, target: string): string {
  const baseParts = splitClean(base);
  const targetParts = splitClean(target);
  let common = 0;

  while (common < baseParts.length && common < targetParts.length && baseParts[common] === targetParts[common]) {
    common += 1;
  }

  const rest = [...baseParts.slice(common).map(() => '..'), ...targetParts.slice(common)];
  return rest.length === 0 ? '.' : rest.join('/');
}

function splitClean(p: string): string[] {
  const cleaned = clean(p);
  return cleaned === '.' || cleaned === '/' ? [] : cleaned.replace(/^\//, '').split('/');
}
