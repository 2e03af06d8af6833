import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTraces } from '../../../src/explorer/render/render-traces.ts';
import { loadTraceFile } from '../../../src/explorer/render/trace-loader.ts';
import { startServe, type RunningServe } from '../../../src/explorer/serve/serve.ts';
import { REPO_ROOT } from '../../../src/explorer/tracing/source-index.ts';
import { Logger, TextFormatter } from '../../../src/logrus/logrus.ts';

// Real traces of both sides of a socket: `dockhop docker --real-socket` in a
// child process, and `dockhop serve` in this one, then rendered.

let dir: string;
let serve: RunningServe;
let socketTrace: string;
let rejectedTrace: string;
const serveTraces = new Map<string, string>();

function send(socket: string, method: string, path: string, body?: string, userAgent = 'test-client/1.0'): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ socketPath: socket, method, path, headers: { Host: 'docker', 'User-Agent': userAgent } }, (incoming) => {
      incoming.resume();
      incoming.on('end', () => resolve(incoming.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Returns the file name of the newest trace `dockhop serve` wrote. */
async function newestServeTrace(): Promise<string> {
  return (await readdir(join(dir, 'traces'))).sort().at(-1)!;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockhop-trace-kinds-'));
  const socket = join(dir, 'docker.sock');
  serve = await startServe({
    address: { kind: 'unix', path: socket },
    stateRoot: join(dir, 'state'),
    traceDir: join(dir, 'traces'),
    logger: new Logger({ out: { write: () => undefined }, formatter: new TextFormatter() }),
  });

  socketTrace = join(dir, 'rs-create.json');
  await promisify(execFile)(
    process.execPath,
    ['bin/dockhop.js', 'docker', '--real-socket', '--trace', socketTrace, 'plugin', 'create', 'rs/x', 'examples/loki'],
    { cwd: REPO_ROOT, env: { ...process.env, DOCKER_HOST: `unix://${socket}` } },
  );
  serveTraces.set('create', await newestServeTrace());

  // The same create again: the daemon rejects the name that now exists, and the CLI exits 1.
  rejectedTrace = join(dir, 'rs-rejected.json');
  await expect(
    promisify(execFile)(
      process.execPath,
      ['bin/dockhop.js', 'docker', '--real-socket', '--trace', rejectedTrace, 'plugin', 'create', 'rs/x', 'examples/loki'],
      { cwd: REPO_ROOT, env: { ...process.env, DOCKER_HOST: `unix://${socket}` } },
    ),
  ).rejects.toThrow('already exists');

  expect(await send(socket, 'POST', '/v1.26/plugins/create?name=bad%2Fx', 'not a tar')).toBe(500);
  serveTraces.set('failed', await newestServeTrace());

  expect(await send(socket, 'HEAD', '/_ping')).toBe(404);
  serveTraces.set('head', await newestServeTrace());

  expect(await send(socket, 'GET', '/_ping', undefined, 'Docker-Client/28.2.2 (linux)')).toBe(200);
  serveTraces.set('docker-28', await newestServeTrace());

  await renderTraces(
    [socketTrace, rejectedTrace, ...[...serveTraces.values()].map((name) => join(dir, 'traces', name))],
    { outDir: join(dir, 'out'), detail: 'hops', theme: 'default', formats: [] },
  );
}, 60_000);

afterAll(async () => {
  await serve?.close();
  await rm(dir, { recursive: true, force: true });
});

function page(trace: string, file: string): Promise<string> {
  return readFile(join(dir, 'out/docs', trace, file), 'utf8');
}

function served(key: string): string {
  return serveTraces.get(key)!.replace(/\.json$/, '');
}

describe('real-socket client trace', () => {
  it('is named after its file', async () => {
    expect((await loadTraceFile(socketTrace)).name).toBe('rs-create');
  });

  it('walkthrough names its trace file', async () => {
    const walkthrough = await page('rs-create', 'walkthrough.md');

    expect(walkthrough).toContain(`This walkthrough follows the trace \`${relative(process.cwd(), socketTrace)}\`: `);
    expect(walkthrough).not.toContain('`traces/rs-create.json`');
  });

  it('post has no server section', async () => {
    const post = await page('rs-create', 'post.md');

    expect(post).toContain('## The API client');
    expect(post).not.toContain('## The API server');
  });

  it("rejection names the daemon's 500", async () => {
    const walkthrough = await page('rs-rejected', 'walkthrough.md');

    expect(walkthrough).toContain(
      'The error came from the daemon: it answered `POST /v1.26/plugins/create?name=rs%2Fx` with `HTTP 500 Internal Server Error`, ' +
        'which [step 4.5](#step-4-5) `Do` in the API client received.',
    );
    expect(walkthrough).toContain(
      '- [step 4.4](#step-4-4) `doRequest` (API client): returned it as `Error response from daemon: plugin "rs/x:latest" already exists`.',
    );
    expect(walkthrough).not.toContain('No span failed');
  });

  it('rejection points to the server trace', async () => {
    const trace = await loadTraceFile(rejectedTrace);
    const walkthrough = await page('rs-rejected', 'walkthrough.md');
    const served = await loadTraceFile(join(dir, 'traces', (await readdir(join(dir, 'traces'))).sort().find((name) => name.startsWith('0004-'))!));

    expect(served.traceId).toBe(trace.traceId);
    expect(walkthrough).toContain(
      `\`dockhop serve\` wrote that trace to its \`--trace-dir\` with the same trace ID, \`${trace.traceId}\`.`,
    );
  });

  it('ping stops at the API client', async () => {
    const diagram = await page('rs-create', 'sequence.mmd');

    expect(diagram).toContain('CLI->>+API: ping<br/>GET /_ping');
    expect(diagram).toContain('API-->>-CLI: 200 OK');
    expect(diagram).not.toContain('SRV');
  });
});

describe('served request trace', () => {
  it('says it is a request', async () => {
    const trace = await loadTraceFile(join(dir, 'traces', serveTraces.get('create')!));

    expect(trace.kind).toBe('request');
    expect(trace.command).toEqual([]);
    expect(trace.exitCode).toBeNull();
    expect(trace.request).toEqual({ method: 'POST', target: '/v1.26/plugins/create?name=rs%2Fx', status: 204 });
  });

  it('walkthrough is titled by the request line', async () => {
    const walkthrough = await page(served('create'), 'walkthrough.md');

    expect(walkthrough.startsWith('# `POST /v1.26/plugins/create?name=rs%2Fx`\n')).toBe(true);
    expect(walkthrough).toContain('**Outcome:** `HTTP 204 No Content`.');
  });

  it('diagram starts at the ported client', async () => {
    const diagram = await page(served('create'), 'sequence.mmd');

    expect(diagram).toContain("participant RC as dockhop's 17.03 client");
    expect(diagram).toContain('participant SOCK as socket hop');
    expect(diagram).toContain('RC->>+SOCK: POST /v1.26/plugins/create<br/>?name=rs%2Fx');
    expect(diagram).toContain('SOCK-->>-RC: 204 No Content');
    expect(diagram).not.toContain('participant T ');
    expect(diagram).not.toContain('exit');
  });

  it('describes serveOne as the socket server', async () => {
    const walkthrough = await page(served('create'), 'walkthrough.md');
    const post = await page(served('create'), 'post.md');

    expect(walkthrough).toContain('`dockhop serve` accepted the request on a real Unix socket');
    expect(walkthrough).not.toContain('msw intercepts');
    expect(post).toContain('## The socket hop');
    expect(post).not.toContain('msw intercepts');
  });

  it('docker CLI is named with its version', async () => {
    const diagram = await page(served('docker-28'), 'sequence.mmd');

    expect(diagram).toContain('participant RC as docker CLI 28.2.2');
  });

  it('failed request ends with its status', async () => {
    const diagram = (await page(served('failed'), 'sequence.mmd')).trimEnd().split('\n');

    expect(diagram).toContain('participant RC as HTTP client');
    expect(diagram.at(-1)).toBe('SOCK--x-RC: 500 Internal Server Error');
    expect(diagram.join('\n')).not.toContain('exit');
    expect(await page(served('failed'), 'walkthrough.md')).toContain('**Outcome:** `HTTP 500 Internal Server Error`.');
  });

  it('HEAD /_ping 404 comes from the API server', async () => {
    const diagram = await page(served('head'), 'sequence.mmd');

    expect(diagram).toContain('participant SOCK as socket hop');
    expect(diagram).toContain('participant SRV as API server');
    expect(diagram).toContain('RC->>+SOCK: HEAD /_ping');
    expect(diagram).toContain('SOCK->>+SRV: HEAD /_ping');
    expect(diagram).toContain('Note over SRV: no route matched:<br/>catch-all answers 404<br/>page not found<br/>(no span)');
    expect(diagram).toContain('SRV--x-SOCK: 404 Not Found');
    expect(diagram.trimEnd().split('\n').at(-1)).toBe('SOCK--x-RC: 404 Not Found');
  });

  it('HEAD /_ping 404 explains the catch-all', async () => {
    const walkthrough = await page(served('head'), 'walkthrough.md');

    expect(walkthrough).toContain(
      "No span failed: the API server's mux found no route for `HEAD /_ping` (Docker 17.03 registers `GET /_ping` only), " +
        'so its catch-all handler answered `HTTP 404 Not Found` with `page not found`.',
    );
    expect(walkthrough).not.toContain('yet the run ended');
  });

  it('HEAD /_ping 404 post skips the spanless server', async () => {
    const post = await page(served('head'), 'post.md');

    expect(post).toContain('## The socket hop');
    expect(post).not.toContain('## The API server');
  });

  it('index gives the request and its status', async () => {
    const index = await readFile(join(dir, 'out/docs/index.md'), 'utf8');

    expect(index).toContain(`| \`${served('head')}\` | \`HEAD /_ping\` | HTTP 404 Not Found |`);
  });
});
