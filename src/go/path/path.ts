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
