/**
 * Query encoding as Go's net/url does it, which differs from the WHATWG
 * URLSearchParams in which bytes stay unescaped (`~` stays, `*` is escaped).
 * `@gostd` names the standard-library function whose Go 1.7 behaviour is
 * ported; it has no span, so it carries no moby line range.
 */

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/**
 * Escapes a string for a query component: unreserved bytes stay, a space
 * becomes `+`, everything else becomes `%XX` of its UTF-8 bytes.
 *
 * @gostd net/url.QueryEscape
 */
export function queryEscape(value: string): string {
  let escaped = '';

  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);

    if (UNRESERVED.test(char)) {
      escaped += char;
    } else if (char === ' ') {
      escaped += '+';
    } else {
      escaped += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }

  return escaped;
}

/**
 * Encodes query values as `key=value&…` sorted by key, the order Go's
 * `url.Values.Encode` gives.
 *
 * @gostd net/url.Values.Encode
 */
export function encodeValues(values: Map<string, string[]>): string {
  const keys = [...values.keys()].sort();
  const parts: string[] = [];

  for (const key of keys) {
    for (const value of values.get(key) ?? []) {
      parts.push(`${queryEscape(key)}=${queryEscape(value)}`);
    }
  }

  return parts.join('&');
}

const PATH_KEPT = /^[A-Za-z0-9\-_.~$&+,/:;=@]$/;

/**
 * Escapes a URL path as Go's `URL.String()` does (`EscapedPath`): bytes
 * outside the unreserved set and `$&+,/:;=@` become `%XX`, a space `%20`.
 *
 * @gostd net/url.URL.EscapedPath
 */
export function pathEscape(path: string): string {
  let escaped = '';

  for (const byte of Buffer.from(path, 'utf8')) {
    const char = String.fromCharCode(byte);
    escaped += PATH_KEPT.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }

  return escaped;
}
