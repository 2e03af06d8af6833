/**
 * An HTTP header map with Go's semantics: keys are stored in canonical form
 * (`content-type` → `Content-Type`) and each key holds a list of values.
 */
export class Header {
  private readonly values = new Map<string, string[]>();

  /** Returns the first value of `key`, or '' when it is absent (Go's Header.Get). */
  get(key: string): string {
    return this.values.get(canonicalHeaderKey(key))?.[0] ?? '';
  }

  /** Replaces the values of `key` with one value (Go's Header.Set). */
  set(key: string, value: string): void {
    this.values.set(canonicalHeaderKey(key), [value]);
  }

  /** Replaces all values of `key`, as Go's `h[key] = values` does (no canonicalisation). */
  setValues(key: string, values: string[]): void {
    this.values.set(key, [...values]);
  }

  has(key: string): boolean {
    return this.values.has(canonicalHeaderKey(key));
  }

  delete(key: string): void {
    this.values.delete(canonicalHeaderKey(key));
  }

  /** Entries sorted by key, the order Go writes them on the wire. */
  entries(): [string, string[]][] {
    const byKey = ([a]: [string, string[]], [b]: [string, string[]]): number => {
      if (a === b) {
        return 0;
      }
      return a < b ? -1 : 1;
    };

    return [...this.values.entries()].sort(byKey);
  }
}

/**
 * Converts a header name to its canonical MIME form: the first letter and
 * each letter after a hyphen upper case, the rest lower case. Names with
 * characters outside the token set stay as they are, as in Go.
 *
 * @gostd net/textproto.CanonicalMIMEHeaderKey
 */
export function canonicalHeaderKey(key: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(key)) {
    return key;
  }

  return key
    .toLowerCase()
    .replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** Returns the reason phrase Go's http.StatusText gives for a status code. */
export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? '';
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
