/**
 * Docker's own layer over distribution references (`reference/reference.go`
 * in Docker 17.03): names are normalized so that `docker.io/library/foo`,
 * `index.docker.io/foo` and `foo` are the same repository, and the
 * references gain `fullName`, `hostname` and `remoteName`.
 */

import type { Span } from '@opentelemetry/api';
import { traced } from '../../explorer/tracing/span.ts';
import { goQuote } from '../../go/strconv/quote.ts';
import { parseDigest, type Digest } from '../vendor/github.com/docker/distribution/digest/digest.ts';
import * as distreference from '../vendor/github.com/docker/distribution/reference/reference.ts';

/** The tag a name-only reference gets. */
export const DefaultTag = 'latest';

/** The registry a name without a hostname belongs to. */
export const DefaultHostname = 'docker.io';

/** The old name of {@link DefaultHostname}, rewritten to it when parsed. */
export const LegacyDefaultHostname = 'index.docker.io';

/** The namespace of official images on the default registry. */
export const DefaultRepoPrefix = 'library/';

/** Span attribute names for the reference spans. */
const ATTR_INPUT = 'dockhop.reference.input';
const ATTR_NAME = 'dockhop.reference.name';
const ATTR_STRING = 'dockhop.reference.string';

/** A reference with a normalized repository name. */
export interface Named {
  /** The normalized repository name, such as `ubuntu`. */
  name(): string;
  /** The whole reference, such as `ubuntu@sha256:abcdef…`. */
  string(): string;
  /** The name with its hostname, such as `docker.io/library/ubuntu`. */
  fullName(): string;
  /** The registry hostname, such as `docker.io`. */
  hostname(): string;
  /** The name on the registry, such as `library/ubuntu`. */
  remoteName(): string;
}

/** A reference with a name and a tag. */
export interface NamedTagged extends Named {
  tag(): string;
}

/** A reference with a name and a digest: it names one exact image. */
export interface Canonical extends Named {
  digest(): Digest;
}

/** Reports whether a reference has a tag, like Go's `ref.(NamedTagged)`. */
export function isTagged(ref: Named): ref is NamedTagged {
  return typeof (ref as Partial<NamedTagged>).tag === 'function';
}

/** Reports whether a reference has a digest, like Go's `ref.(Canonical)`. */
export function isCanonical(ref: Named): ref is Canonical {
  return typeof (ref as Partial<Canonical>).digest === 'function';
}

/**
 * Parses a reference string and normalizes its name. Grammar errors come
 * back wrapped as `Error parsing reference: "<s>" is not a valid
 * repository/tag: <reason>`. Errors from normalization (an uppercase
 * remote name, a 64-hex name) are thrown unwrapped. A reference with both
 * a tag and a digest keeps only the digest.
 *
 * @go reference/reference.go:55-71
 */
export function parseNamed(s: string): Named {
  return traced(
    { module: import.meta.url, function: 'parseNamed', attributes: { [ATTR_INPUT]: s } },
    (span) => {
      let named: distreference.Named;

      try {
        named = distreference.parseNamed(s);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const message = `Error parsing reference: ${goQuote(s)} is not a valid repository/tag: ${reason}`;

        throw new Error(message, { cause: error });
      }

      const ref = withName(named.name());
      let result: Named = ref;

      if (distreference.isCanonical(named)) {
        result = withDigest(ref, named.digest());
      } else if (distreference.isTagged(named)) {
        result = withTag(ref, named.tag());
      }

      recordReference(span, result);
      return result;
    },
  );
}

/**
 * Drops any tag or digest, keeping the normalized name.
 *
 * @go reference/reference.go:74-76
 */
export function trimNamed(ref: Named): Named {
  return new NamedRef(distreference.trimNamed(ref));
}

/**
 * Creates a name-only reference from a repository name, normalizing it
 * first and rejecting a name of 64 hex digits, which would read as an
 * image ID.
 *
 * @go reference/reference.go:80-93
 */
export function withName(name: string): Named {
  const normalized = normalize(name);
  const invalid = validateName(normalized);

  if (invalid !== undefined) {
    throw invalid;
  }

  return new NamedRef(distreference.withName(normalized));
}

/**
 * Adds a tag to a reference. Throws `invalid tag format` for a tag outside
 * the grammar.
 *
 * @go reference/reference.go:97-103
 */
export function withTag(name: Named, tag: string): NamedTagged {
  return new TaggedRef(distreference.withTag(name, tag));
}

/**
 * Adds a digest to a reference. Throws `invalid digest format` for a digest
 * outside the grammar.
 *
 * @go reference/reference.go:107-113
 */
export function withDigest(name: Named, digest: Digest): Canonical {
  return new CanonicalRef(distreference.withDigest(name, digest));
}

/**
 * Adds the `latest` tag to a reference that has neither tag nor digest,
 * and returns any other reference unchanged.
 *
 * @go reference/reference.go:145-150
 */
export function withDefaultTag(ref: Named): Named {
  return traced(
    {
      module: import.meta.url,
      function: 'withDefaultTag',
      attributes: { [ATTR_INPUT]: ref.string() },
    },
    (span) => {
      let result = ref;

      // Go drops WithTag's error here, which `latest` can never cause.
      if (isNameOnly(ref)) {
        result = withTag(ref, DefaultTag);
      }

      recordReference(span, result);
      return result;
    },
  );
}

/**
 * Reports whether a reference has neither a tag nor a digest.
 *
 * @go reference/reference.go:153-161
 */
export function isNameOnly(ref: Named): boolean {
  if (isTagged(ref)) {
    return false;
  }

  if (isCanonical(ref)) {
    return false;
  }

  return true;
}

/** The result of {@link parseIDOrReference}: a digest or a reference, never both. */
export type IDOrReference = { digest: Digest; ref: undefined } | { digest: ''; ref: Named };

/**
 * Parses an image ID or a reference. A bare 64-hex ID is read as a sha256
 * digest, and anything that is not a valid digest goes to
 * {@link parseNamed}, whose error is thrown.
 *
 * @go reference/reference.go:165-174
 */
export function parseIDOrReference(idOrRef: string): IDOrReference {
  let candidate = idOrRef;

  if (validateID(candidate) === undefined) {
    candidate = 'sha256:' + candidate;
  }

  try {
    return { digest: parseDigest(candidate), ref: undefined };
  } catch {
    // Not a digest, so it must be a reference.
  }

  return { digest: '', ref: parseNamed(candidate) };
}

/**
 * Splits a repository name into registry hostname and remote name. The
 * first path component is a hostname only if it contains `.` or `:` or is
 * `localhost`. The legacy default hostname becomes `docker.io`, and an
 * official image on `docker.io` gets the `library/` prefix. The name must
 * already be valid.
 *
 * @go reference/reference.go:179-193
 */
export function splitHostname(name: string): [hostname: string, remoteName: string] {
  const slash = name.indexOf('/');
  let hostname: string;
  let remoteName: string;

  const first = slash === -1 ? '' : name.slice(0, slash);
  const firstIsHostname = /[.:]/.test(first) || first === 'localhost';

  if (slash === -1 || !firstIsHostname) {
    hostname = DefaultHostname;
    remoteName = name;
  } else {
    hostname = name.slice(0, slash);
    remoteName = name.slice(slash + 1);
  }

  if (hostname === LegacyDefaultHostname) {
    hostname = DefaultHostname;
  }

  if (hostname === DefaultHostname && !remoteName.includes('/')) {
    remoteName = DefaultRepoPrefix + remoteName;
  }

  return [hostname, remoteName];
}

/**
 * Normalizes a repository name by stripping the default hostname and the
 * `library/` prefix of official images, so `docker.io/library/foo` becomes
 * `foo`. Names on other registries stay as they are. Throws when the remote
 * name has uppercase letters, which the grammar lets through only in a
 * first component that is not a hostname (`Foo/bar`).
 *
 * @go reference/reference.go:197-209
 */
export function normalize(name: string): string {
  return traced(
    { module: import.meta.url, function: 'normalize', attributes: { [ATTR_INPUT]: name } },
    (span) => {
      const [hostname, remoteName] = splitHostname(name);
      let normalized = name;

      if (distreference.goLowercase(remoteName) !== remoteName) {
        throw new Error('invalid reference format: repository name must be lowercase');
      }

      if (hostname === DefaultHostname) {
        normalized = remoteName.startsWith(DefaultRepoPrefix)
          ? remoteName.slice(DefaultRepoPrefix.length)
          : remoteName;
      }

      span.setAttribute(ATTR_NAME, normalized);
      return normalized;
    },
  );
}

/**
 * Returns an error for a name of exactly 64 lowercase hex digits, which
 * Docker reserves for image IDs, and undefined for any other name.
 *
 * @go reference/reference.go:211-216
 */
function validateName(name: string): Error | undefined {
  if (validateID(name) === undefined) {
    return new Error(
      `Invalid repository name (${name}), cannot specify 64-byte hexadecimal strings`,
    );
  }

  return undefined;
}

/**
 * Returns an error unless `id` is 64 lowercase hex digits. It returns the
 * error in place of throwing it because every caller only tests whether
 * there was one.
 *
 * @go image/v1/imagev1.go:151-156
 */
function validateID(id: string): Error | undefined {
  if (!/^[a-f0-9]{64}$/.test(id)) {
    return new Error(`image ID ${goQuote(id)} is invalid`);
  }

  return undefined;
}

function recordReference(span: Span, ref: Named): void {
  span.setAttribute(ATTR_NAME, ref.name());
  span.setAttribute(ATTR_STRING, ref.string());
}

/** A name-only reference around a distribution reference (Go's `namedRef`). */
class NamedRef implements Named {
  protected readonly inner: distreference.Named;

  constructor(inner: distreference.Named) {
    this.inner = inner;
  }

  name(): string {
    return this.inner.name();
  }

  string(): string {
    return this.inner.string();
  }

  /**
   * Returns `hostname/remoteName`, such as `docker.io/library/ubuntu`.
   *
   * @go reference/reference.go:125-128
   */
  fullName(): string {
    const [hostname, remoteName] = splitHostname(this.name());

    return hostname + '/' + remoteName;
  }

  /**
   * Returns the registry hostname, `docker.io` when the name has none.
   *
   * @go reference/reference.go:129-132
   */
  hostname(): string {
    return splitHostname(this.name())[0];
  }

  /**
   * Returns the name on the registry, with `library/` for official images.
   *
   * @go reference/reference.go:133-136
   */
  remoteName(): string {
    return splitHostname(this.name())[1];
  }

  toString(): string {
    return this.string();
  }
}

/** A reference with a tag (Go's `taggedRef`). */
class TaggedRef extends NamedRef implements NamedTagged {
  declare protected readonly inner: distreference.NamedTagged;

  constructor(inner: distreference.NamedTagged) {
    super(inner);
  }

  /**
   * Returns the tag of the wrapped reference.
   *
   * @go reference/reference.go:137-139
   */
  tag(): string {
    return this.inner.tag();
  }
}

/** A reference with a digest (Go's `canonicalRef`). */
class CanonicalRef extends NamedRef implements Canonical {
  declare protected readonly inner: distreference.Canonical;

  constructor(inner: distreference.Canonical) {
    super(inner);
  }

  /**
   * Returns the digest of the wrapped reference.
   *
   * @go reference/reference.go:140-142
   */
  digest(): Digest {
    return this.inner.digest();
  }
}
