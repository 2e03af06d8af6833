/**
 * The reference grammar of the vendored distribution library, built from
 * small patterns the way the Go file composes them.
 *
 * Go's RE2 and JavaScript's backtracking engine agree on these patterns:
 * both pick the leftmost-first match, `$` without the `m` flag is the end
 * of the input, and `\w` is ASCII-only without the `u` flag. The one change
 * is in the separator, explained at {@link separatorRegexp}.
 */

/**
 * Compiles a pattern. JavaScript needs no flags here: `u` would change
 * nothing for these ASCII patterns, and `i` would break the lowercase rule.
 */
function match(source: string): RegExp {
  return new RegExp(source);
}

/**
 * Compiles `text` as a pattern that matches exactly that text.
 *
 * @go vendor/github.com/docker/distribution/reference/regexp.go:78-86
 */
function literal(text: string): RegExp {
  return match(text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'));
}

/**
 * Concatenates patterns, each one following the previous.
 *
 * @go vendor/github.com/docker/distribution/reference/regexp.go:90-97
 */
function expression(...patterns: RegExp[]): RegExp {
  return match(patterns.map((pattern) => pattern.source).join(''));
}

/**
 * Makes the concatenated patterns optional, inside a non-capturing group.
 *
 * @go vendor/github.com/docker/distribution/reference/regexp.go:101-103
 */
function optional(...patterns: RegExp[]): RegExp {
  return match(`${group(expression(...patterns)).source}?`);
}

/**
 * Repeats the concatenated patterns one or more times.
 *
 * @go vendor/github.com/docker/distribution/reference/regexp.go:107-109
 */
function repeated(...patterns: RegExp[]): RegExp {
  return match(`${group(expression(...patterns)).source}+`);
}

/**
 * Wraps the concatenated patterns in a non-capturing group.
 *
 * @go vendor/github.com/docker/distribution/reference/regexp.go:112-114
 */
function group(...patterns: RegExp[]): RegExp {
  return match(`(?:${expression(...patterns).source})`);
}

/**
 * Wraps the concatenated patterns in a capturing group.
 *
 * @go vendor/github.com/docker/distribution/reference/regexp.go:117-119
 */
function capture(...patterns: RegExp[]): RegExp {
  return match(`(${expression(...patterns).source})`);
}

/**
 * Anchors the concatenated patterns at the start and end of the input.
 *
 * @go vendor/github.com/docker/distribution/reference/regexp.go:122-124
 */
function anchored(...patterns: RegExp[]): RegExp {
  return match(`^${expression(...patterns).source}$`);
}

/** A run of lowercase letters and digits: the atom of a name component. */
const alphaNumericRegexp = match('[a-z0-9]+');

/**
 * What may sit between two alphanumeric runs of a component: one period,
 * one or two underscores, or one or more dashes.
 *
 * Go writes the dash branch as `[-]*`, which also matches nothing. That
 * empty branch adds no string to the language, because it only splits an
 * alphanumeric run in two, and it cannot change a capture. It would make
 * a backtracking engine take exponential time on a long run followed by
 * an invalid character (`aaaa…a!`), so the port requires one dash or more.
 */
const separatorRegexp = match('(?:[._]|__|-+)');

/**
 * A path component of a repository name: alphanumeric runs joined by
 * single separators, starting and ending with a letter or digit.
 */
const nameComponentRegexp = expression(
  alphaNumericRegexp,
  optional(repeated(separatorRegexp, alphaNumericRegexp)),
);

/** One DNS label of a registry hostname: it may not start or end with `-`. */
const hostnameComponentRegexp = match(
  '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])',
);

/** A registry hostname: dot-separated labels and an optional `:port`. */
const hostnameRegexp = expression(
  hostnameComponentRegexp,
  optional(repeated(literal('.'), hostnameComponentRegexp)),
  optional(literal(':'), match('[0-9]+')),
);

/** A tag: a word character followed by at most 127 word characters, `.` or `-`. */
export const TagRegexp = match('[\\w][\\w.-]{0,127}');

/** {@link TagRegexp} anchored at both ends. */
export const anchoredTagRegexp = anchored(TagRegexp);

/**
 * A digest as references accept it: an algorithm of letter-led parts
 * joined by `-`, `_`, `+` or `.`, a colon and at least 32 hex digits.
 * Go writes the hex class as `[[:xdigit:]]`.
 */
export const DigestRegexp = match(
  '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}',
);

/** {@link DigestRegexp} anchored at both ends. */
export const anchoredDigestRegexp = anchored(DigestRegexp);

/** A repository name: an optional `hostname/` and one or more components. */
export const NameRegexp = expression(
  optional(hostnameRegexp, literal('/')),
  nameComponentRegexp,
  optional(repeated(literal('/'), nameComponentRegexp)),
);

/**
 * An anchored repository name whose groups capture the hostname (1) and
 * the path after it (2).
 */
export const anchoredNameRegexp = anchored(
  optional(capture(hostnameRegexp), literal('/')),
  capture(nameComponentRegexp, optional(repeated(literal('/'), nameComponentRegexp))),
);

/**
 * A whole reference, `name[:tag][@digest]`, with groups for the name (1),
 * the tag (2) and the digest (3).
 */
export const ReferenceRegexp = anchored(
  capture(NameRegexp),
  optional(literal(':'), capture(TagRegexp)),
  optional(literal('@'), capture(DigestRegexp)),
);
