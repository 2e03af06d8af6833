import { Readable } from 'node:stream';
import type { Request, ResponseWriter } from '../../../../../go/net/http/request.ts';
import { traced } from '../../../../../explorer/tracing/span.ts';
import { formValue, parseForm } from '../../httputils/httputils.ts';
import type { Backend } from './backend.ts';

/**
 * Handles `POST /plugins/create?name=…`: hands the request body, still a
 * stream, to the plugin manager, and answers 204 No Content on success.
 *
 * @go api/server/router/plugin/plugin_routes.go:213-227
 */
export function createPlugin(
  backend: Backend,
  w: ResponseWriter,
  r: Request,
  _vars: Record<string, string>,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'createPlugin', layer: 'router' }, async (span) => {
    await parseForm(r);

    const options = { repoName: formValue(r, 'name') };
    span.setAttribute('dockhop.plugin.name', options.repoName);

    // A server-side request always has a body in Go, if only an empty one.
    await backend.createFromContext(r.body ?? Readable.from([]), options);

    // Docker leaves a TODO here to stream progress; it answers with no body.
    w.writeHeader(204);
  });
}
