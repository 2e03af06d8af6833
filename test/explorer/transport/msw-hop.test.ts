import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDaemon, type Daemon } from '../../../src/explorer/daemon.ts';
import { startRecorder, type Recorder } from '../../../src/explorer/tracing/provider.ts';
import { startMswHop, stopMswHop } from '../../../src/explorer/transport/msw-hop.ts';
import { newClient } from '../../../src/moby/client/client.ts';

const UPLOAD = 'test/fixtures/daemon-17.03/sshfs.tar';

describe('msw hop', () => {
  let root: string;
  let daemon: Daemon;
  let recorder: Recorder;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dockhop-msw-'));
    daemon = await startDaemon(root);
    recorder = startRecorder({ seed: 'msw' });
    startMswHop(daemon);
  });

  afterEach(async () => {
    stopMswHop();
    await recorder.shutdown();
    await daemon.release();
    await rm(root, { recursive: true, force: true });
  });

  const client = () => newClient('unix:///var/run/docker.sock', '1.26', undefined, undefined);

  it('ends an aborted upload and cleans up', async () => {
    const body = new Readable({ read() {} });
    body.push(readFileSync(UPLOAD).subarray(0, 3000));
    setTimeout(() => body.destroy(new Error('client gave up')), 20);

    await expect(client().pluginCreate(body, { repoName: 'aborted' })).rejects.toThrow('client gave up');
    await waitUntil(() => daemon.log.some((line) => line.level === 'error'));
    await daemon.manager.pendingGC;

    expect(daemon.log.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([
      'Handler for POST /v1.26/plugins/create returned error: failed to read from tar: unexpected EOF',
    ]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expect(await readdir(join(root, 'storage/blobs/tmp'))).toEqual([]);

    const failed = recorder.spans().find((span) => span.name === 'createFromContext');
    expect(failed?.status.message).toBe('failed to read from tar: unexpected EOF');

    await client().pluginCreate(createReadStream(UPLOAD), { repoName: 'aborted' });
    expect([...daemon.store.getAll().values()].map((p) => p.name())).toEqual(['aborted:latest']);
  });
});

/** Polls `condition` every 10 ms, for 2 s at most (the abort reaches the daemon asynchronously). */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
