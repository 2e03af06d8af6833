import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeAddress } from '../../../src/explorer/serve/address.ts';
import { startServe, type RunningServe } from '../../../src/explorer/serve/serve.ts';
import { Logger, TextFormatter } from '../../../src/logrus/logrus.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let dir: string;
let socket: string;
let serve: RunningServe;
const logLines: string[] = [];

function send(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ socketPath: socket, method, path, headers: { Host: 'docker', ...headers } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockhop-serve-'));
  socket = join(dir, 'docker.sock');
  const logger = new Logger({ out: { write: (line: string) => logLines.push(line) }, formatter: new TextFormatter() });
  serve = await startServe({
    address: { kind: 'unix', path: socket },
    stateRoot: join(dir, 'state'),
    traceDir: join(dir, 'traces'),
    logger,
  });
});

afterAll(async () => {
  await serve.close();
  await rm(dir, { recursive: true, force: true });
});

describe('parseServeAddress', () => {
  it('accepts unix and loopback TCP', () => {
    expect(parseServeAddress('unix:///tmp/d.sock')).toEqual({ kind: 'unix', path: '/tmp/d.sock' });
    expect(parseServeAddress('tcp://127.0.0.1:2375')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 2375 });
    expect(parseServeAddress('tcp://[::1]:0')).toEqual({ kind: 'tcp', host: '::1', port: 0 });
    expect(parseServeAddress('tcp://localhost:2375')).toEqual({ kind: 'tcp', host: 'localhost', port: 2375 });
  });

  it('rejects other addresses', () => {
    expect(() => parseServeAddress('tcp://0.0.0.0:2375')).toThrow(/listens only on loopback addresses/);
    expect(() => parseServeAddress('tcp://10.0.0.1:2375')).toThrow(/listens only on loopback addresses/);
    expect(() => parseServeAddress('tcp://example.com:2375')).toThrow(/listens only on loopback addresses/);
    expect(() => parseServeAddress('tcp://127.0.0.1')).toThrow(/with a port number/);
    expect(() => parseServeAddress('unix://relative.sock')).toThrow(/must be absolute/);
    expect(() => parseServeAddress('ssh://host')).toThrow(/use unix:\/\/\/PATH or tcp:\/\/127.0.0.1:PORT/);
    expect(() => parseServeAddress(`unix:///${'x'.repeat(200)}`)).toThrow(/longer than the 107 Linux allows/);
  });
});

describe('dockhop serve on a unix socket', () => {
  it('socket has mode 0660', async () => {
    expect((await stat(socket)).mode & 0o777).toBe(0o660);
  });

  it('GET /_ping answers OK with 17.03 headers', async () => {
    const reply = await send('GET', '/_ping');

    expect(reply.status).toBe(200);
    expect(reply.body).toBe('OK');
    expect(reply.headers['api-version']).toBe('1.26');
    expect(reply.headers['docker-experimental']).toBe('false');
    expect(reply.headers.server).toBe('Docker/17.03.0-ce (linux)');
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.headers.ostype).toBeUndefined();
  });

  it('HEAD /_ping is not found, as in 17.03', async () => {
    expect((await send('HEAD', '/_ping')).status).toBe(404);
  });

  it('unknown paths get the 404 JSON', async () => {
    for (const path of ['/v1.26/containers/json', '/info', '/v1.26/plugins/privileges']) {
      const reply = await send('GET', path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).toBe('{"message":"page not found"}\n');
      expect(reply.headers['content-type'], path).toBe('application/json');
    }
  });

  it('GET /version reports 17.03', async () => {
    const reply = await send('GET', '/v1.26/version');
    const version = JSON.parse(reply.body);

    expect(reply.status).toBe(200);
    expect(version.Version).toBe('17.03.0-ce');
    expect(version.ApiVersion).toBe('1.26');
    expect(version.MinAPIVersion).toBe('1.12');
    expect(version.GitCommit).toBe('3a232c8');
    expect(version.Os).toBe('linux');
    expect(Object.keys(version)).not.toContain('Experimental');
  });

  it('inspect matches the 17.03 daemon byte for byte', async () => {
    const upload = await readFile('test/fixtures/daemon-17.03/sshfs.tar');
    const expected = (await readFile('test/fixtures/daemon-17.03/sshfs.inspect.json', 'utf8')).trimEnd();
    const created = await send('POST', '/v1.26/plugins/create?name=samples%2Fsshfs', upload, { 'Content-Type': 'application/x-tar' });
    const reply = await send('GET', '/v1.26/plugins/samples/sshfs/json');
    const id = JSON.parse(reply.body).Id as string;

    expect(created.status).toBe(204);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(`${expected.replace(/"Id":"[0-9a-f]{64}"/, `"Id":"${id}"`)}\n`);
  });

  it('list returns the JSON array', async () => {
    const reply = await send('GET', '/plugins');
    const plugins = JSON.parse(reply.body);

    expect(reply.status).toBe(200);
    expect(plugins.map((p: { Name: string }) => p.Name)).toEqual(['samples/sshfs:latest']);
  });

  it('enable without timeout fails as Go 1.7 Atoi', async () => {
    const reply = await send('POST', '/v1.26/plugins/samples/sshfs/enable');

    expect(reply.status).toBe(500);
    expect(reply.body).toBe('{"message":"strconv.ParseInt: parsing \\"\\": invalid syntax"}\n');
  });

  it('unknown plugin is a 404', async () => {
    const reply = await send('DELETE', '/v1.26/plugins/nobody/nothing');

    expect(reply.status).toBe(404);
    expect(reply.body).toBe('{"message":"plugin \\"nobody/nothing\\" not found"}\n');
  });

  it('continues a client traceparent', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await send('GET', '/_ping', undefined, { traceparent: `00-${traceId}-b7ad6b7169203331-01` });
    const files = (await readdir(join(dir, 'traces'))).sort();
    const trace = JSON.parse(await readFile(join(dir, 'traces', files.at(-1)!), 'utf8'));

    expect(trace.traceId).toBe(traceId);
    expect(trace.spans[0].name).toBe('serveOne');
    expect(trace.spans[0].parentSpanId).toBe('b7ad6b7169203331');
  });

  it('survives a client that disconnects mid-body', async () => {
    const upload = await readFile('test/fixtures/daemon-17.03/sshfs.tar');

    await new Promise<void>((resolve) => {
      const client = connect(socket, () => {
        client.write(
          'POST /v1.26/plugins/create?name=cut%2Foff HTTP/1.1\r\nHost: docker\r\nContent-Type: application/x-tar\r\n' +
            `Content-Length: ${upload.length}\r\n\r\n`,
        );
        client.write(upload.subarray(0, 3000), () => {
          client.destroy();
          resolve();
        });
      });
    });

    // Wait until the server has logged the cut request (it ends with the handler's error line).
    while (!logLines.some((line) => line.includes('cut%2Foff'))) {
      await new Promise((resolve) => setImmediate(resolve));
    }

    const ping = await send('GET', '/_ping');
    const names = JSON.parse((await send('GET', '/plugins')).body).map((p: { Name: string }) => p.Name);

    expect(ping.status).toBe(200);
    expect(names).toEqual(['samples/sshfs:latest']);
    expect(await readdir(join(dir, 'state', 'tmp'))).toEqual([]);
    expect(logLines.some((line) => line.includes('Handler for POST /v1.26/plugins/create returned error'))).toBe(true);
  });
});
