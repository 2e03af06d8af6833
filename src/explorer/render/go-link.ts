/** Docker's tag that every moby `@go` tag's line range refers to. */
export const MOBY_TAG = 'v17.03.0-ce';

/**
 * Go release whose standard library the tar, JSON and strconv ports follow.
 * Docker 17.03.0-ce was built with Go 1.7.5; go1.7.6 changed nothing in the
 * ported files, so its tree is linked.
 */
export const GO_RELEASE = 'go1.7.6';

/** moby's top-level folders at v17.03.0-ce that `@go` tags start with. */
const MOBY_FOLDERS = new Set([
  'api',
  'cli',
  'cliconfig',
  'client',
  'cmd',
  'daemon',
  'image',
  'opts',
  'pkg',
  'plugin',
  'reference',
  'vendor',
]);

/** Standard-library packages the port follows (`@go archive/tar/reader.go:…`). */
const STDLIB_FOLDERS = new Set(['archive', 'encoding', 'errors', 'io', 'net', 'os', 'path', 'strconv', 'strings', 'sync', 'unicode']);

/** A Go original: where it is and how to link it. */
export interface GoOrigin {
  path: string;
  startLine: number;
  endLine: number;
  url: string;
  /** True for standard-library ports, whose line ranges were estimated. */
  approximate: boolean;
}

/**
 * Builds the permalink for a `@go PATH:START-END` tag. Paths in moby's
 * folders link to moby at {@link MOBY_TAG}; standard-library paths link to
 * Go's own repository. Throws for any other first folder.
 */
export function goOrigin(path: string, lines: string): GoOrigin {
  const match = /^(\d+)-(\d+)$/.exec(lines);

  if (match === null) {
    throw new Error(`invalid @go line range "${lines}" for ${path}: expected START-END`);
  }

  const startLine = Number(match[1]);
  const endLine = Number(match[2]);
  const anchor = `#L${startLine}-L${endLine}`;
  const top = path.split('/')[0] ?? '';

  if (MOBY_FOLDERS.has(top)) {
    return { path, startLine, endLine, url: `https://github.com/moby/moby/blob/${MOBY_TAG}/${path}${anchor}`, approximate: false };
  }

  if (STDLIB_FOLDERS.has(top)) {
    return { path, startLine, endLine, url: `https://github.com/golang/go/blob/${GO_RELEASE}/src/${path}${anchor}`, approximate: true };
  }

  throw new Error(`@go path ${path} is neither in moby's folders nor in Go's standard library; cannot link it`);
}
