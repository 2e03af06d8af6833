import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { Header } from '../../../../src/go/net/http/header.ts';
import type { Request } from '../../../../src/go/net/http/request.ts';
import { getHTTPErrorStatusCode } from '../../../../src/moby/api/server/httputils/errors.ts';
import { ExperimentalMiddleware } from '../../../../src/moby/api/server/middleware/experimental.ts';
import { VersionMiddleware } from '../../../../src/moby/api/server/middleware/version.ts';
import { newRouter } from '../../../../src/moby/api/server/router/plugin/plugin.ts';
import { Server } from '../../../../src/moby/api/server/server.ts';
import type { PluginCreateOptions } from '../../../../src/moby/api/types/client.ts';
import { ResponseRecorder } from '../../../../src/explorer/transport/response-recorder.ts';

/** A server with the plugin router over a backend that fails with `failure`, if given. */
function serverWith(failure?: string) {
  const logged: string[] = [];
  const received: { options: PluginCreateOptions; body: string }[] = [];
  const server = new Server({ debug: () => undefined, error: (message) => logged.push(message) });

  server.useMiddleware(new ExperimentalMiddleware(false));
  server.useMiddleware(new VersionMiddleware('17.03.0-ce', '1.26', '1.12'));
  server.initRouter(
    newRouter({
      list: () => [],
      inspect: () => {
        throw new Error('not used');
      },
      remove: async () => undefined,
      enable: async () => undefined,
      disable: async () => undefined,
      createFromContext: async (tarCtx, options) => {
        received.push({ options, body: (await buffer(tarCtx)).toString() });
        if (failure !== undefined) {
          throw new Error(failure);
        }
      },
    }),
  );

  return { server, logged, received };
}

async function send(server: Server, method: string, target: string, contentType = 'application/tar') {
  const [path, query = ''] = target.split('?');
  const header = new Header();
  header.set('Content-Type', contentType);
  const request: Request = {
    method,
    url: { scheme: '', host: '', path: path!, rawQuery: query },
    host: 'docker',
    header,
    body: Readable.from([Buffer.from('upload')]),
  };
  const recorder = new ResponseRecorder();

  await server.serveHTTP(recorder, request);
  return { status: recorder.statusCode, header: recorder.header(), body: Buffer.concat(recorder.chunks).toString() };
}

describe('Server', () => {
  it('answers a create with 204 and the version headers', async () => {
    const { server, received } = serverWith();
    const response = await send(server, 'POST', '/v1.26/plugins/create?name=vieux%2Fsshfs');

    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect(response.header.get('Server')).toBe('Docker/17.03.0-ce (linux)');
    expect(response.header.get('API-Version')).toBe('1.26');
    expect(response.header.get('Docker-Experimental')).toBe('false');
    expect(received).toEqual([{ options: { repoName: 'vieux/sshfs' }, body: 'upload' }]);
  });

  it('serves the unversioned route too', async () => {
    const { server, received } = serverWith();

    expect((await send(server, 'POST', '/plugins/create?name=a')).status).toBe(204);
    expect(received[0]!.options.repoName).toBe('a');
  });

  it('rejects a version older than 1.12', async () => {
    const { server, received, logged } = serverWith();
    const response = await send(server, 'POST', '/v1.11/plugins/create?name=a');

    // A client that old predates JSON errors, so the answer is plain text.
    expect(response.status).toBe(400);
    expect(response.body).toBe(
      'client version 1.11 is too old. Minimum supported API version is 1.12, please upgrade your client to a newer version\n',
    );
    expect(received).toEqual([]);
    expect(logged[0]).toMatch(/^Handler for POST \/v1.11\/plugins\/create returned error: client version 1.11 is too old/);
  });

  it('writes plain-text errors before API 1.24', async () => {
    const { server } = serverWith('boom');
    const response = await send(server, 'POST', '/v1.23/plugins/create?name=a');

    expect(response.status).toBe(500);
    expect(response.header.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe('boom\n');
  });

  it('maps backend errors by wording and logs them', async () => {
    const { server, logged } = serverWith('plugin "a:latest" already exists');
    const response = await send(server, 'POST', '/v1.26/plugins/create?name=a');

    expect(response.status).toBe(500);
    expect(response.header.get('Content-Type')).toBe('application/json');
    expect(response.body).toBe('{"message":"plugin \\"a:latest\\" already exists"}\n');
    expect(logged).toEqual([
      'Handler for POST /v1.26/plugins/create returned error: plugin "a:latest" already exists',
    ]);
  });

  it('answers unknown paths with page not found', async () => {
    const { server } = serverWith();

    for (const [method, target] of [
      ['GET', '/v1.26/nothing'],
      ['GET', '/nothing'],
      ['GET', '/v1.26/plugins/create'],
    ] as const) {
      const response = await send(server, method, target);
      expect(response.status, target).toBe(404);
      expect(response.body, target).toBe('{"message":"page not found"}\n');
    }
  });

  it('redirects an unclean path', async () => {
    const { server } = serverWith();
    const response = await send(server, 'POST', '//v1.26/plugins/./create?name=a');

    expect(response.status).toBe(301);
    expect(response.header.get('Location')).toBe('/v1.26/plugins/create?name=a');
  });

  it('rejects a bad escape in the query', async () => {
    const { server, received } = serverWith();
    const response = await send(server, 'POST', '/v1.26/plugins/create?name=%zz');

    expect(response.status).toBe(500);
    expect(response.body).toBe('{"message":"invalid URL escape \\"%zz\\""}\n');
    expect(received).toEqual([]);
  });

  it('stops reading a form body past 10 MB', async () => {
    const { server } = serverWith();
    let produced = 0;
    const body = new Readable({
      read() {
        produced += 1 << 20;
        this.push(produced > 64 << 20 ? null : Buffer.alloc(1 << 20, 'a'));
      },
    });
    const header = new Header();
    header.set('Content-Type', 'application/x-www-form-urlencoded');
    const recorder = new ResponseRecorder();

    await server.serveHTTP(recorder, {
      method: 'POST',
      url: { scheme: '', host: '', path: '/v1.26/plugins/create', rawQuery: 'name=a' },
      host: 'docker',
      header,
      body,
    });

    expect(recorder.statusCode).toBe(500);
    expect(Buffer.concat(recorder.chunks).toString()).toBe('{"message":"http: POST too large"}\n');
    expect(produced).toBeLessThan(16 << 20);
  });

  it('consumes a form-encoded upload in parseForm', async () => {
    const { server, received } = serverWith();

    await send(server, 'POST', '/v1.26/plugins/create?name=a', 'application/x-www-form-urlencoded');
    expect(received).toEqual([{ options: { repoName: 'a' }, body: '' }]);
  });
});

describe('getHTTPErrorStatusCode', () => {
  it.each([
    ['plugin "x" not found', 404],
    ['No such container: x', 404],
    ['bad parameter: x', 400],
    ['no command specified', 400],
    ['Conflict. The name is in use', 409],
    ['impossible to do', 406],
    ['wrong login/password', 401],
    ['unauthorized: x', 401],
    ["swarm hasn't been activated", 403],
    ['this node is not a manager', 503],
    ['swarm needs to be unlocked', 503],
    ['certificates have expired', 503],
    ['no rootfs found: EOF', 500],
    ['canonical references are not permitted', 500],
  ])('maps %j to %i', (message, status) => {
    expect(getHTTPErrorStatusCode(new Error(message))).toBe(status);
  });
});
