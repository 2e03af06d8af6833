import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newClient, newEnvClient, parseHost } from '../../../src/moby/client/client.ts';

interface Captured {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

describe('pluginCreate', () => {
  let dir: string;
  let socket: string;
  let server: Server;
  let captured: Captured[];
  let respond: (res: ServerResponse) => void;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dockhop-client-'));
    socket = join(dir, 'docker.sock');
    captured = [];
    respond = (res) => {
      res.writeHead(204);
      res.end();
    };
    server = createServer(async (req, res) => {
      captured.push({ method: req.method!, url: req.url!, headers: req.headers, body: await buffer(req) });
      respond(res);
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const client = (version = '1.26') =>
    newClient(`unix://${socket}`, version, undefined, { 'User-Agent': 'Docker-Client/17.03.0-ce (linux)' });

  it('sends the 17.03 request line and headers', async () => {
    await client().pluginCreate(Readable.from([Buffer.from('tar bytes')]), { repoName: 'vieux/sshfs:1.0' });

    const [request] = captured;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/v1.26/plugins/create?name=vieux%2Fsshfs%3A1.0');
    expect(request!.headers.host).toBe('docker');
    expect(request!.headers['content-type']).toBe('application/tar');
    expect(request!.headers['user-agent']).toBe('Docker-Client/17.03.0-ce (linux)');
    expect(request!.headers['transfer-encoding']).toBe('chunked');
    expect(request!.headers['accept-encoding']).toBe('gzip');
    expect(request!.body.toString()).toBe('tar bytes');
  });

  it('keeps a tilde and escapes a space as Go does', async () => {
    await client().pluginCreate(Readable.from([]), { repoName: 'a~b c' });
    expect(captured[0]!.url).toBe('/v1.26/plugins/create?name=a~b+c');
  });

  it('returns the daemon JSON message', async () => {
    respond = (res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"message":"plugin \\"x:latest\\" already exists"}\n');
    };

    await expect(client().pluginCreate(Readable.from([]), { repoName: 'x' })).rejects.toThrow(
      'Error response from daemon: plugin "x:latest" already exists',
    );
  });

  it('reports an empty error body', async () => {
    respond = (res) => {
      res.writeHead(404);
      res.end();
    };

    await expect(client().pluginCreate(Readable.from([]), { repoName: 'x' })).rejects.toThrow(
      `Error: request returned Not Found for API route and version http://${socket.replaceAll('/', '%2F')}/v1.26/plugins/create?name=x, check if the server supports the requested API version`,
    );
  });

  it('reads a body as text before API 1.24', async () => {
    respond = (res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"message":"boom"}\n');
    };

    await expect(client('1.23').pluginCreate(Readable.from([]), { repoName: 'x' })).rejects.toThrow(
      'Error response from daemon: {"message":"boom"}',
    );
    expect(captured[0]!.url).toBe('/v1.23/plugins/create?name=x');
  });

  it('reports invalid JSON in an error body', async () => {
    respond = (res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('nope');
    };

    await expect(client().pluginCreate(Readable.from([]), { repoName: 'x' })).rejects.toThrow(
      "Error reading JSON: invalid character 'o' in literal null (expecting 'u')",
    );
  });

  it('reports a missing socket as a daemon that is not running', async () => {
    const missing = join(dir, 'missing.sock');
    const cli = newClient(`unix://${missing}`, '1.26', undefined, undefined);

    await expect(cli.pluginCreate(Readable.from([]), { repoName: 'x' })).rejects.toThrow(
      `Cannot connect to the Docker daemon at unix://${missing}. Is the docker daemon running?`,
    );
  });

  it('escapes the path as Go does', async () => {
    await client('1.2 6').pluginCreate(Readable.from([]), { repoName: 'x' });
    expect(captured[0]!.url).toBe('/v1.2%206/plugins/create?name=x');
  });

  it('reports a TCP address with a bad port', async () => {
    const cli = newClient('tcp://127.0.0.1:99999', '1.26', undefined, undefined);

    await expect(cli.pluginCreate(Readable.from([]), { repoName: 'x' })).rejects.toThrow(
      'error during connect: Post http://127.0.0.1:99999/v1.26/plugins/create?name=x: dial tcp: address 99999: invalid port',
    );
  });

  it('reports a host without an address', async () => {
    const cli = newClient('fd://', '1.26', undefined, undefined);

    await expect(cli.pluginCreate(Readable.from([]), { repoName: 'x' })).rejects.toThrow(
      'error during connect: Post http:///v1.26/plugins/create?name=x: http: no Host in request URL',
    );
  });

  it('reports a refused TCP connection the same way', async () => {
    const cli = newClient('tcp://127.0.0.1:1', '1.26', undefined, undefined);

    await expect(cli.pluginCreate(Readable.from([]), { repoName: 'x' })).rejects.toThrow(
      'Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?',
    );
  });
});

describe('newEnvClient', () => {
  it('defaults to the unix socket and API 1.26', () => {
    const cli = newEnvClient({});

    expect(cli.host).toBe('unix:///var/run/docker.sock');
    expect(cli.addr).toBe('/var/run/docker.sock');
    expect(cli.clientVersion()).toBe('1.26');
    expect(cli.manualOverride).toBe(false);
  });

  it('takes DOCKER_HOST and DOCKER_API_VERSION', () => {
    const cli = newEnvClient({ DOCKER_HOST: 'tcp://127.0.0.1:2375/base', DOCKER_API_VERSION: '1.24' });

    expect(cli.addr).toBe('127.0.0.1:2375');
    expect(cli.basePath).toBe('/base');
    expect(cli.getAPIPath('/plugins/create', new Map()).path).toBe('/base/v1.24/plugins/create');
    expect(cli.manualOverride).toBe(true);

    cli.updateClientVersion('1.12');
    expect(cli.clientVersion()).toBe('1.24');
  });
});

describe('parseHost', () => {
  it('rejects a host without a protocol', () => {
    expect(() => parseHost('localhost:2375')).toThrow('unable to parse docker host `localhost:2375`');
  });

  it('keeps a unix path whole', () => {
    expect(parseHost('unix:///run/docker.sock')).toEqual(['unix', '/run/docker.sock', '']);
  });
});
