/**
 * Image references of the distribution library that Docker 17.03 vendors:
 * `name[:tag][@digest]` parsed into typed values, with the grammar in
 * `regexp.ts`.
 *
 * Go picks a reference's kind by its method set (`ref.(NamedTagged)`), so
 * the type guards below test for methods, not for classes.
 */

import { parseDigest, type Digest } from '../digest/digest.ts';
import {
  anchoredDigestRegexp,
  anchoredNameRegexp,
  anchoredTagRegexp,
  ReferenceRegexp,
} from './regexp.ts';

/** The maximum length of a repository name, in bytes (names are ASCII). */
export const NameTotalLengthMax = 255;

/*
 * Sentinel errors. Functions throw these very instances, so callers can test
 * `error === ErrReferenceInvalidFormat` the way Go code compares with `==`.
 */

/** Thrown when a string does not match the reference grammar. */
export const ErrReferenceInvalidFormat = new Error('invalid reference format');

/** Thrown by {@link withTag} for a tag outside the tag grammar. */
export const ErrTagInvalidFormat = new Error('invalid tag format');

/** Thrown by {@link withDigest} for a digest outside the digest grammar. */
export const ErrDigestInvalidFormat = new Error('invalid digest format');

/** Thrown when a reference would be valid once lowercased. */
export const ErrNameContainsUppercase = new Error('repository name must be lowercase');

/** Thrown for an empty reference. */
export const ErrNameEmpty = new Error('repository name must have at least one component');

/** Thrown when a repository name is longer than {@link NameTotalLengthMax}. */
export const ErrNameTooLong = new Error(
  `repository name must not be more than ${NameTotalLengthMax} characters`,
);

/**
 * Lowercases text rune by rune with simple case mappings, as Go's
 * `strings.ToLower` does. JavaScript's `toLowerCase` applies the full
 * mappings, which differ for U+0130 (`İ` becomes `i` plus a combining dot)
 * and for a final sigma. Only U+0130 matters here, because Go maps it to
 * the ASCII `i` that the grammar accepts.
 */
export function goLowercase(text: string): string {
  let lowered = '';

  for (const character of text) {
    lowered += character === '\u0130' ? 'i' : character.toLowerCase();
  }

  return lowered;
}

/** Any reference: it can at least be written back as a string. */
export interface Reference {
  string(): string;
}

/** A reference with a repository name. */
export interface Named extends Reference {
  name(): string;
}

/** A reference with a tag. */
export interface Tagged extends Reference {
  tag(): string;
}

/** A reference with both a repository name and a tag. */
export interface NamedTagged extends Named {
  tag(): string;
}

/** A reference with a digest. */
export interface Digested extends Reference {
  digest(): Digest;
}

/** A reference with a repository name and a digest: it names one exact image. */
export interface Canonical extends Named {
  digest(): Digest;
}

/** Reports whether a reference has a name, like Go's `ref.(Named)`. */
export function isNamed(ref: Reference): ref is Named {
  return typeof (ref as Partial<Named>).name === 'function';
}

/** Reports whether a reference has a tag, like Go's `ref.(Tagged)`. */
export function isTagged(ref: Reference): ref is Tagged {
  return typeof (ref as Partial<Tagged>).tag === 'function';
}

/** Reports whether a reference has a digest, like Go's `ref.(Digested)`. */
export function isDigested(ref: Reference): ref is Digested {
  return typeof (ref as Partial<Digested>).digest === 'function';
}

/** Reports whether a named reference also has a digest, like `ref.(Canonical)`. */
export function isCanonical(ref: Named): ref is Canonical {
  return isDigested(ref);
}

/**
 * Splits a name into its registry hostname and the rest. A name without a
 * hostname part returns `['', name]`. The first path component counts as
 * a hostname whenever the hostname grammar accepts it, so `foo/bar`
 * returns `['foo', 'bar']`.
 *
 * @go vendor/github.com/docker/distribution/reference/reference.go:139-146
 */
export function splitHostname(named: Named): [hostname: string, name: string] {
  const name = named.name();
  const groups = anchoredNameRegexp.exec(name);

  if (groups === null) {
    return ['', name];
  }

  return [groups[1] ?? '', groups[2]!];
}

/**
 * Parses a reference string into the most specific reference kind: a bare
 * repository, a tagged, a digested, or a tagged and digested reference.
 * Throws {@link ErrNameEmpty}, {@link ErrNameContainsUppercase},
 * {@link ErrReferenceInvalidFormat}, {@link ErrNameTooLong} or a digest
 * error from `parseDigest`.
 *
 * @go vendor/github.com/docker/distribution/reference/reference.go:151-185
 */
export function parse(s: string): Reference {
  const matches = ReferenceRegexp.exec(s);

  if (matches === null) {
    if (s === '') {
      throw ErrNameEmpty;
    }

    // Decide whether only the case is wrong, to give a more useful error.
    if (ReferenceRegexp.exec(goLowercase(s)) !== null) {
      throw ErrNameContainsUppercase;
    }

    throw ErrReferenceInvalidFormat;
  }

  const name = matches[1]!;

  if (name.length > NameTotalLengthMax) {
    throw ErrNameTooLong;
  }

  const parts: ReferenceParts = { name, tag: matches[2] ?? '', digest: '' };
  const digest = matches[3] ?? '';

  if (digest !== '') {
    parts.digest = parseDigest(digest);
  }

  const ref = bestReferenceType(parts);

  if (ref === undefined) {
    throw ErrNameEmpty;
  }

  return ref;
}

/**
 * Parses a reference string that must have a repository name.
 *
 * @go vendor/github.com/docker/distribution/reference/reference.go:192-202
 */
export function parseNamed(s: string): Named {
  const ref = parse(s);

  // Unreachable through parse, whose grammar requires a name, but kept
  // because Go checks it.
  if (!isNamed(ref)) {
    throw new Error(`reference ${ref.string()} has no name`);
  }

  return ref;
}

/**
 * Creates a bare repository reference after checking the name's length and
 * grammar.
 *
 * @go vendor/github.com/docker/distribution/reference/reference.go:206-214
 */
export function withName(name: string): Named {
  if (name.length > NameTotalLengthMax) {
    throw ErrNameTooLong;
  }

  if (!anchoredNameRegexp.test(name)) {
    throw ErrReferenceInvalidFormat;
  }

  return new Repository(name);
}

/**
 * Combines a reference's name with `tag`. A digest already on `name` is
 * kept, so the result can be both tagged and canonical.
 *
 * @go vendor/github.com/docker/distribution/reference/reference.go:218-233
 */
export function withTag(name: Named, tag: string): NamedTagged {
  if (!anchoredTagRegexp.test(tag)) {
    throw ErrTagInvalidFormat;
  }

  if (isCanonical(name)) {
    return new TaggedCanonicalReference(name.name(), tag, name.digest());
  }

  return new TaggedReference(name.name(), tag);
}

/**
 * Combines a reference's name with `digest`. A tag already on `name` is
 * kept, so the result can be both tagged and canonical.
 *
 * @go vendor/github.com/docker/distribution/reference/reference.go:237-252
 */
export function withDigest(name: Named, digest: Digest): Canonical {
  if (!anchoredDigestRegexp.test(digest)) {
    throw ErrDigestInvalidFormat;
  }

  if (isTagged(name)) {
    return new TaggedCanonicalReference(name.name(), name.tag(), digest);
  }

  return new CanonicalReference(name.name(), digest);
}

/**
 * Drops any tag or digest, keeping the repository name.
 *
 * @go vendor/github.com/docker/distribution/reference/reference.go:265-267
 */
export function trimNamed(ref: Named): Named {
  return new Repository(ref.name());
}

/** The three captures of {@link ReferenceRegexp}, `''` where absent. */
interface ReferenceParts {
  name: string;
  tag: string;
  digest: Digest;
}

/**
 * Picks the narrowest reference kind for the parts that are present, or
 * undefined when there is neither a name nor a digest.
 *
 * @go vendor/github.com/docker/distribution/reference/reference.go:269-294
 */
function bestReferenceType(parts: ReferenceParts): Reference | undefined {
  if (parts.name === '') {
    // A reference made of a digest alone.
    if (parts.digest !== '') {
      return new DigestReference(parts.digest);
    }

    return undefined;
  }

  if (parts.tag === '') {
    if (parts.digest !== '') {
      return new CanonicalReference(parts.name, parts.digest);
    }

    return new Repository(parts.name);
  }

  if (parts.digest === '') {
    return new TaggedReference(parts.name, parts.tag);
  }

  return new TaggedCanonicalReference(parts.name, parts.tag, parts.digest);
}

/** A reference with a name, a tag and a digest (Go's `reference` struct). */
class TaggedCanonicalReference implements NamedTagged, Canonical {
  readonly #name: string;
  readonly #tag: string;
  readonly #digest: Digest;

  constructor(name: string, tag: string, digest: Digest) {
    this.#name = name;
    this.#tag = tag;
    this.#digest = digest;
  }

  /**
   * Writes the reference as `name:tag@digest`.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:302-304
   */
  string(): string {
    return `${this.#name}:${this.#tag}@${this.#digest}`;
  }

  /**
   * Returns the repository name.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:306-308
   */
  name(): string {
    return this.#name;
  }

  /**
   * Returns the tag.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:310-312
   */
  tag(): string {
    return this.#tag;
  }

  /**
   * Returns the digest.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:314-316
   */
  digest(): Digest {
    return this.#digest;
  }

  toString(): string {
    return this.string();
  }
}

/** A bare repository name (Go's `repository` string type). */
class Repository implements Named {
  readonly #name: string;

  constructor(name: string) {
    this.#name = name;
  }

  /**
   * Returns the name as the whole reference.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:320-322
   */
  string(): string {
    return this.#name;
  }

  /**
   * Returns the repository name.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:324-326
   */
  name(): string {
    return this.#name;
  }

  toString(): string {
    return this.string();
  }
}

/**
 * A reference made of a digest alone (Go's `digestReference`).
 *
 * NOTE: Go's `String` method on this type calls itself and would overflow
 * the stack. `parse` never builds this type, because its grammar requires
 * a name, so the port returns the digest instead.
 */
class DigestReference implements Digested {
  readonly #digest: Digest;

  constructor(digest: Digest) {
    this.#digest = digest;
  }

  /**
   * Returns the digest as the whole reference.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:330-332
   */
  string(): string {
    return this.#digest;
  }

  /**
   * Returns the digest.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:334-336
   */
  digest(): Digest {
    return this.#digest;
  }

  toString(): string {
    return this.string();
  }
}

/** A repository name with a tag (Go's `taggedReference`). */
class TaggedReference implements NamedTagged {
  readonly #name: string;
  readonly #tag: string;

  constructor(name: string, tag: string) {
    this.#name = name;
    this.#tag = tag;
  }

  /**
   * Writes the reference as `name:tag`.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:343-345
   */
  string(): string {
    return `${this.#name}:${this.#tag}`;
  }

  /**
   * Returns the repository name.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:347-349
   */
  name(): string {
    return this.#name;
  }

  /**
   * Returns the tag.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:351-353
   */
  tag(): string {
    return this.#tag;
  }

  toString(): string {
    return this.string();
  }
}

/** A repository name with a digest (Go's `canonicalReference`). */
class CanonicalReference implements Canonical {
  readonly #name: string;
  readonly #digest: Digest;

  constructor(name: string, digest: Digest) {
    this.#name = name;
    this.#digest = digest;
  }

  /**
   * Writes the reference as `name@digest`.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:360-362
   */
  string(): string {
    return `${this.#name}@${this.#digest}`;
  }

  /**
   * Returns the repository name.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:364-366
   */
  name(): string {
    return this.#name;
  }

  /**
   * Returns the digest.
   *
   * @go vendor/github.com/docker/distribution/reference/reference.go:368-370
   */
  digest(): Digest {
    return this.#digest;
  }

  toString(): string {
    return this.string();
  }
}
