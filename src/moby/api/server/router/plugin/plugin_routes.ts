import { Readable } from 'node:stream';
import type { Request, ResponseWriter } from '../../../../../go/net/http/request.ts';
import { traced } from '../../../../../explorer/tracing/span.ts';
import { atoi } from '../../../../../go/strconv/atoi.ts';
import { encode, sliceOf } from '../../../../../go/encoding/json/index.ts';
import { pluginSchema } from '../../../types/plugin.ts';
import { boolValue } from '../../httputils/form.ts';
import { formValue, parseForm } from '../../httputils/httputils.ts';
import { writeJSON } from '../../httputils/httputils_write_json.ts';
import type { Backend } from './backend.ts';

/** `[]types.Plugin`, the body of `GET /plugins`. */
const pluginListSchema = sliceOf(pluginSchema);

/**
 * Handles `POST /plugins/create?name=…`: hands the request body, still a
 * stream, to the plugin manager, and responds 204 No Content on success.
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

    // Docker leaves a TODO here to stream progress, so the response has no body.
    w.writeHeader(204);
  });
}

/**
 * Handles `POST /plugins/{name}/enable?timeout=N`. A missing or non-numeric
 * timeout fails Go 1.7's Atoi before the backend is called.
 *
 * @go api/server/router/plugin/plugin_routes.go:229-242
 */
export function enablePlugin(
  backend: Backend,
  _w: ResponseWriter,
  r: Request,
  vars: Record<string, string>,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'enablePlugin', layer: 'router' }, async (span) => {
    await parseForm(r);

    const name = vars.name ?? '';
    span.setAttribute('dockhop.plugin.name', name);
    const timeout = atoi(formValue(r, 'timeout'));

    // Go returns the backend's error; on success the writer is untouched, so the status is 200.
    await backend.enable(name, { timeout });
  });
}

/**
 * Handles `POST /plugins/{name}/disable?force=…`.
 *
 * @go api/server/router/plugin/plugin_routes.go:244-255
 */
export function disablePlugin(
  backend: Backend,
  _w: ResponseWriter,
  r: Request,
  vars: Record<string, string>,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'disablePlugin', layer: 'router' }, async (span) => {
    await parseForm(r);

    const name = vars.name ?? '';
    span.setAttribute('dockhop.plugin.name', name);
    await backend.disable(name, { forceDisable: boolValue(r, 'force') });
  });
}

/**
 * Handles `DELETE /plugins/{name}?force=…`; success is a 200 with no body.
 *
 * @go api/server/router/plugin/plugin_routes.go:257-267
 */
export function removePlugin(
  backend: Backend,
  _w: ResponseWriter,
  r: Request,
  vars: Record<string, string>,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'removePlugin', layer: 'router' }, async (span) => {
    await parseForm(r);

    const name = vars.name ?? '';
    span.setAttribute('dockhop.plugin.name', name);
    await backend.remove(name, { forceRemove: boolValue(r, 'force') });
  });
}

/**
 * Handles `GET /plugins`: every plugin's API object as a JSON array.
 *
 * @go api/server/router/plugin/plugin_routes.go:300-306
 */
export function listPlugins(
  backend: Backend,
  w: ResponseWriter,
  _r: Request,
  _vars: Record<string, string>,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'listPlugins', layer: 'router' }, async () => {
    const l = backend.list();
    writeJSON(w, 200, encode(l, pluginListSchema, { escapeHTML: false }));
  });
}

/**
 * Handles `GET /plugins/{name}/json`: one plugin's API object.
 *
 * @go api/server/router/plugin/plugin_routes.go:308-314
 */
export function inspectPlugin(
  backend: Backend,
  w: ResponseWriter,
  _r: Request,
  vars: Record<string, string>,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'inspectPlugin', layer: 'router' }, async (span) => {
    const name = vars.name ?? '';
    span.setAttribute('dockhop.plugin.name', name);

    const result = backend.inspect(name);
    writeJSON(w, 200, encode(result, pluginSchema, { escapeHTML: false }));
  });
}
