import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../../src/explorer/serve/serve.ts';
import { Logger, TextFormatter } from '../../../src/logrus/logrus.ts';

const UPLOAD = readFileSync('test/fixtures/daemon-17.03/sshfs.tar');

let dir: string;
let socket: string;
let serve: RunningServe;

function post(name: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        socketPath: socket,
        method: 'POST',
        path: `/v1.26/plugins/create?name=${encodeURIComponent(name)}`,
        headers: { Host: 'docker', 'Content-Type': 'application/tar' },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(UPLOAD);
  });
}

function list(): Promise<{ Id: string; Name: string }[]> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ socketPath: socket, method: 'GET', path: '/v1.26/plugins', headers: { Host: 'docker' } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function pluginFolders(): Promise<string[]> {
  return (await readdir(join(dir, 'state'))).filter((name) => /^[a-f0-9]{64}$/.test(name)).sort();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockhop-concurrency-'));
  socket = join(dir, 'docker.sock');
  serve = await startServe({
    address: { kind: 'unix', path: socket },
    stateRoot: join(dir, 'state'),
    traceDir: join(dir, 'traces'),
    logger: new Logger({ out: { write: () => undefined }, formatter: new TextFormatter() }),
  });
});

afterAll(async () => {
  await serve.close();
  await rm(dir, { recursive: true, force: true });
});

describe('concurrent creates through serve', () => {
  it('let one of 20 same-name creates win', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => post('race/same')));

    expect(replies.filter((reply) => reply.status === 204)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 500)).toHaveLength(19);
    for (const reply of replies.filter((r) => r.status === 500)) {
      expect(reply.body).toBe('{"message":"plugin \\"race/same:latest\\" already exists"}\n');
    }
  });

  it('accept 20 creates of different names', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`race/n${i}`)));

    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(204));
  });

  it('leave the store and the disk in agreement', async () => {
    const plugins = await list();

    expect(plugins).toHaveLength(21);
    expect(plugins.map((p) => p.Id).sort()).toEqual(await pluginFolders());
    expect(new Set(plugins.map((p) => p.Name)).size).toBe(21);
    expect(await readdir(join(dir, 'state', 'tmp'))).toEqual([]);
    expect(await readdir(join(dir, 'state', 'storage/blobs/tmp'))).toEqual([]);
    // All 21 share one layer and one config, so two blobs are left after GC.
    expect((await readdir(join(dir, 'state', 'storage/blobs/sha256'))).length).toBe(2);
  });
});

describe('serve and a rejected upload', () => {
  it('lets the client read the error of a duplicate', async () => {
    expect((await post('dup/x')).status).toBe(204);

    // The daemon rejects the name before it reads the upload; a client in
    // another process, still sending, must get the message and not a broken
    // pipe. In this process the client would finish sending first.
    // Five separate runs of dockhop's own CLI, which tars examples/sshfs
    // while it sends, as a user would run it.
    const outputs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const child = spawn(
        process.execPath,
        ['bin/dockhop.js', 'docker', '--real-socket', '--trace', join(dir, 'dup.json'), 'plugin', 'create', 'dup/x', 'examples/sshfs'],
        { env: { ...process.env, DOCKER_HOST: `unix://${socket}` } },
      );
      const chunks: Buffer[] = [];
      child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
      await new Promise((resolve) => child.on('close', resolve));
      outputs.push(Buffer.concat(chunks).toString().trim());
    }

    expect(outputs).toEqual(Array(5).fill('Error response from daemon: plugin "dup/x:latest" already exists'));
  });
});

describe('serve while an upload stalls', () => {
  it('answers a remove before the stalled upload ends', async () => {
    expect((await post('stall/kept')).status).toBe(204);

    // Half an upload, then silence: the create holds the GC lock shared.
    const stalled = request({
      socketPath: socket,
      method: 'POST',
      path: '/v1.26/plugins/create?name=stall%2Fslow',
      headers: { Host: 'docker', 'Content-Type': 'application/tar' },
    });
    let stalledAnswered = false;
    stalled.on('response', (incoming) => {
      stalledAnswered = true;
      incoming.resume();
    });
    stalled.on('error', () => undefined);
    stalled.write(UPLOAD.subarray(0, 4096));

    const removed = await send('DELETE', '/v1.26/plugins/stall/kept');
    const pinged = await send('GET', '/_ping');

    expect(removed.status).toBe(200);
    expect(pinged.body).toBe('OK');
    expect(stalledAnswered).toBe(false);

    stalled.end(UPLOAD.subarray(4096));
    await new Promise((resolve) => stalled.on('close', resolve));
  });

  it('answers a malformed request with 400', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const raw = connect(socket, () => raw.write('GARBAGE\r\n\r\n'));
      const chunks: Buffer[] = [];
      raw.on('data', (chunk: Buffer) => chunks.push(chunk));
      raw.on('end', () => resolve(Buffer.concat(chunks).toString()));
      raw.on('error', reject);
    });

    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
  });
});

function send(method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ socketPath: socket, method, path, headers: { Host: 'docker' } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
