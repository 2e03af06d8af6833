import { clean } from '../../../../../go/path/path.ts';
import type { Request, ResponseWriter } from '../../../../../go/net/http/request.ts';

/** A handler in Go's `http.Handler` shape. */
export type Handler = (w: ResponseWriter, r: Request) => Promise<void> | void;

interface Route {
  template: string;
  pattern: RegExp;
  names: string[];
  /** Null matches every method (`HandleFunc` without `Methods`). */
  methods: string[] | null;
  handler: Handler;
}

/**
 * The request router of gorilla/mux as vendored by Docker 17.03, reduced to
 * what the daemon uses: path templates with `{name}` or `{name:regexp}`
 * variables, a method list per route, first match wins, and a NotFound
 * handler. A path that matches with the wrong method is not found (this
 * version has no 405).
 */
export class Router {
  notFoundHandler: Handler | undefined;
  private readonly routes: Route[] = [];

  /** Registers `handler` for a path template and methods (`m.Path(t).Methods(…).Handler(h)`). */
  handle(template: string, methods: string[] | null, handler: Handler): void {
    const { pattern, names } = compileTemplate(template);
    this.routes.push({ template, pattern, names, methods, handler });
  }

  /**
   * Dispatches a request. A path that is not clean (`//`, `.`, `..`) gets a
   * 301 to the cleaned path before any route is tried.
   *
   * @go vendor/github.com/gorilla/mux/mux.go:75-104
   */
  async serveHTTP(w: ResponseWriter, req: Request): Promise<void> {
    const clean = cleanPath(req.url.path);

    if (clean !== req.url.path) {
      const query = req.url.rawQuery === '' ? '' : `?${req.url.rawQuery}`;
      w.header().set('Location', clean + query);
      w.writeHeader(301);
      return;
    }

    for (const route of this.routes) {
      const match = route.pattern.exec(req.url.path);

      if (match === null || (route.methods !== null && !route.methods.includes(req.method))) {
        continue;
      }

      const vars: Record<string, string> = {};
      route.names.forEach((name, index) => {
        vars[name] = match[index + 1]!;
      });
      req.vars = vars;
      req.route = route.template;
      await route.handler(w, req);
      return;
    }

    req.vars = {};

    if (this.notFoundHandler !== undefined) {
      await this.notFoundHandler(w, req);
      return;
    }

    w.header().set('Content-Type', 'text/plain; charset=utf-8');
    w.writeHeader(404);
    w.write('404 page not found\n');
  }
}

/**
 * Returns the canonical form of a path, keeping a trailing slash.
 *
 * @go vendor/github.com/gorilla/mux/mux.go:347-361
 */
export function cleanPath(p: string): string {
  if (p === '') {
    return '/';
  }

  const rooted = p.startsWith('/') ? p : `/${p}`;
  let cleaned = clean(rooted);

  if (rooted.endsWith('/') && cleaned !== '/') {
    cleaned += '/';
  }

  return cleaned;
}

// A template such as /v{version:[0-9.]+}/plugins/{name:.*}/json becomes an
// anchored regexp; a variable without a pattern matches one path segment.
function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  let source = '^';
  let rest = template;

  while (rest.length > 0) {
    const open = rest.indexOf('{');

    if (open === -1) {
      source += escapeRegExp(rest);
      break;
    }

    const close = rest.indexOf('}', open);
    source += escapeRegExp(rest.slice(0, open));

    const variable = rest.slice(open + 1, close);
    const colon = variable.indexOf(':');
    names.push(colon === -1 ? variable : variable.slice(0, colon));
    source += `(${colon === -1 ? '[^/]+' : variable.slice(colon + 1)})`;
    rest = rest.slice(close + 1);
  }

  return { pattern: new RegExp(`${source}$`), names };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
