import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/explorer/scenarios/catalog.ts';
import type { TraceFile } from '../../src/explorer/trace/trace-file.ts';
import { execFile } from 'node:child_process';
import { REPO, runDocker, startServeProcess, type CliRun, type ServeProcess } from './serve-process.ts';

// These tests drive the real docker CLI against `dockhop serve` in a temp
// dir. The project's machines ship docker 28.x, and scripts/setup installs
// Debian's docker.io where no docker is on PATH.

let dir: string;
let stateDir: string;
let traceDir: string;
let configDir: string;
let serve: ServeProcess;

const docker = (...args: string[]): Promise<CliRun> => runDocker(args, serve.dockerHost, configDir);

async function pluginIDs(): Promise<string[]> {
  return (await readdir(stateDir)).filter((name) => /^[a-f0-9]{64}$/.test(name));
}

async function traces(): Promise<{ file: string; trace: TraceFile }[]> {
  const files = (await readdir(traceDir)).sort();
  return Promise.all(
    files.map(async (file) => ({ file, trace: JSON.parse(await readFile(join(traceDir, file), 'utf8')) as TraceFile })),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockhop-interop-'));
  stateDir = join(dir, 'state');
  traceDir = join(dir, 'traces');
  configDir = join(dir, 'docker-config');
  serve = await startServeProcess(['--state-dir', stateDir, '--trace-dir', traceDir]);
});

afterAll(async () => {
  await serve?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('real docker CLI against dockhop serve', () => {
  it('serve prints a unix DOCKER_HOST in the state dir', () => {
    expect(serve.dockerHost).toBe(`unix://${join(stateDir, 'docker.sock')}`);
  });

  it('plugin create prints the name', async () => {
    const run = await docker('plugin', 'create', 'vieux/sshfs', 'examples/sshfs');

    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('vieux/sshfs\n');
    expect(run.code).toBe(0);
    expect(await pluginIDs()).toHaveLength(1);
  });

  it('plugin ls lists the plugin disabled', async () => {
    const [id] = await pluginIDs();
    const run = await docker('plugin', 'ls');

    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'ID             NAME                 DESCRIPTION               ENABLED\n' +
        `${id!.slice(0, 12)}   vieux/sshfs:latest   sshFS plugin for Docker   false\n`,
    );
    expect(run.code).toBe(0);
  });

  it('plugin inspect matches what the backend stored', async () => {
    const [id] = await pluginIDs();
    const stored = JSON.parse(await readFile(join(stateDir, id!, 'config.json'), 'utf8'));
    const run = await docker('plugin', 'inspect', 'vieux/sshfs');
    const [inspected] = JSON.parse(run.stdout);

    expect(run.code).toBe(0);
    expect(inspected.Id).toBe(id);
    expect(inspected.Name).toBe('vieux/sshfs:latest');
    expect(inspected.Enabled).toBe(false);
    expect(inspected.Config.Description).toBe(stored.plugin.Config.Description);
    expect(inspected.Config.Entrypoint).toEqual(['/docker-volume-sshfs']);
    expect(inspected.Config.Entrypoint).toEqual(stored.plugin.Config.Entrypoint);
    expect(inspected.Config.Interface).toEqual({ Socket: 'sshfs.sock', Types: ['docker.volumedriver/1.0'] });
    expect(inspected.Config.Interface).toEqual(stored.plugin.Config.Interface);
    expect(inspected.Config.rootfs.type).toBe('layers');
    expect(inspected.Config.rootfs.diff_ids).toEqual(stored.plugin.Config.rootfs.diff_ids);
    expect(inspected.Config.rootfs.diff_ids).toHaveLength(1);
  });

  it('plugin inspect by ID prefix finds it', async () => {
    const [id] = await pluginIDs();
    const run = await docker('plugin', 'inspect', '--format', '{{.Name}}', id!.slice(0, 12));

    expect(run.stdout).toBe('vieux/sshfs:latest\n');
    expect(run.code).toBe(0);
  });

  it('plugin inspect of an unknown name fails with 404 text', async () => {
    const run = await docker('plugin', 'inspect', 'nobody/nothing');

    expect(run.stdout).toBe('[]\n');
    expect(run.stderr).toBe('Error response from daemon: plugin "nobody/nothing" not found\n');
    expect(run.code).toBe(1);
  });

  it('second create fails with already exists', async () => {
    const run = await docker('plugin', 'create', 'vieux/sshfs', 'examples/sshfs');

    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Error response from daemon: plugin "vieux/sshfs:latest" already exists\n');
    expect(run.code).toBe(1);
  });

  it('create --compress fails as the 17.03 daemon does', async () => {
    const run = await docker('plugin', 'create', '--compress', 'other/sshfs', 'examples/sshfs');

    expect(run.stderr).toBe('Error response from daemon: failed to read from tar: archive/tar: invalid tar header\n');
    expect(run.code).toBe(1);

    const created = (await traces()).filter(({ file }) => file.endsWith('-post-plugins-create.json'));
    const last = created.at(-1)!.trace;
    const split = last.spans.find((span) => span.name === 'splitConfigRootFSFromTar')!;

    expect(last.description).toContain('name=other%2Fsshfs');
    expect(split.status).toEqual({ code: 'error', message: 'failed to read from tar: archive/tar: invalid tar header' });
  });

  // Daemon-side failures only; raw uploads (`upload`) are not something the docker CLI can send.
  const daemonFailures = SCENARIOS.filter(
    (s) => s.expect.httpStatus !== null && s.expect.exitCode !== 0 && (s as { upload?: unknown }).upload === undefined,
  );

  for (const scenario of daemonFailures) {
    it(`scenario ${scenario.name} gives the same daemon message`, async () => {
      // Names differ from the scenario's so that only the scenario's own error can occur.
      const args = scenario.args.map((arg) => (arg.startsWith('vieux/sshfs') && scenario.name !== 'duplicate-name' ? arg.replace('vieux/sshfs', 'scenario/sshfs') : arg));
      const run = await docker(...args);

      expect(run.stderr.split('\n')[0]).toBe(scenario.expect.stderrFirstLine);
      expect(run.stdout).toBe(scenario.expect.stdout);
      expect(run.code).toBe(scenario.expect.exitCode);
    });
  }

  it('plugin enable fails: no container runtime', async () => {
    const run = await docker('plugin', 'enable', 'vieux/sshfs');

    expect(run.stderr).toBe(
      'Error response from daemon: cannot enable plugin vieux/sshfs:latest: dockhop has no container runtime to start plugin processes\n',
    );
    expect(run.code).toBe(1);
  });

  it('plugin disable fails: already disabled', async () => {
    const run = await docker('plugin', 'disable', 'vieux/sshfs');

    expect(run.stderr).toBe('Error response from daemon: plugin vieux/sshfs:latest is already disabled\n');
    expect(run.code).toBe(1);
  });

  it('restart of serve keeps the plugin', async () => {
    const [id] = await pluginIDs();
    const exitCode = await serve.stop();

    expect(exitCode).toBe(0);
    expect(existsSync(join(stateDir, 'docker.sock'))).toBe(false);

    serve = await startServeProcess(['--state-dir', stateDir, '--trace-dir', traceDir]);
    const run = await docker('plugin', 'ls', '--format', '{{.ID}} {{.Name}} {{.Enabled}}');

    expect(run.stdout).toBe(`${id!.slice(0, 12)} vieux/sshfs:latest false\n`);
    expect(run.code).toBe(0);
  });

  it('plugin rm removes files and store entry', async () => {
    const [id] = await pluginIDs();
    const run = await docker('plugin', 'rm', 'vieux/sshfs');

    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('vieux/sshfs\n');
    expect(run.code).toBe(0);
    expect(existsSync(join(stateDir, id!))).toBe(false);

    const ls = await docker('plugin', 'ls');
    expect(ls.stdout).toBe('ID        NAME      DESCRIPTION   ENABLED\n');
  });

  it('plugin rm removes the unreferenced blobs', async () => {
    expect(await readdir(join(stateDir, 'storage/blobs/sha256'))).toEqual([]);
  });

  it('every request leaves a server-side trace', async () => {
    const all = await traces();
    const served = (serve.log() + '').match(/msg="request served"/g) ?? [];

    expect(all.length).toBeGreaterThan(served.length);
    for (const { file, trace } of all) {
      expect(trace.format, file).toBe('dockhop-trace');
      expect(trace.spans[0]!.name, file).toBe('serveOne');
      expect(trace.spans[0]!.attributes['dockhop.hop'], file).toBe('socket');
      expect(trace.spans.every((span) => span.attributes['dockhop.layer'] !== 'cli'), file).toBe(true);
    }
  });

  it('HEAD /_ping gets 404, then the CLI sends GET', async () => {
    const pings = (await traces()).filter(({ file }) => file.endsWith('-ping.json')).slice(0, 2);

    expect(pings.map(({ trace }) => trace.spans[0]!.attributes['http.request.method'])).toEqual(['HEAD', 'GET']);
    expect(pings.map(({ trace }) => trace.spans[0]!.attributes['http.response.status_code'])).toEqual([404, 200]);
  });

  it('create request carries the 28.x CLI headers', async () => {
    const create = (await traces()).find(({ file }) => file.endsWith('-post-plugins-create.json'))!.trace;
    const root = create.spans[0]!;

    expect(root.attributes['http.request.header.content-type']).toEqual(['application/x-tar']);
    expect(root.attributes['http.request.header.transfer-encoding']).toEqual(['chunked']);
    expect(String(root.attributes['http.request.header.user-agent'])).toMatch(/^Docker-Client\/[0-9.]+ \(linux\)$/);
    expect(root.attributes['url.full']).toBe('/v1.26/plugins/create?name=vieux%2Fsshfs');
  });

  it('ported client over the socket links traces', async () => {
    const clientTrace = join(dir, 'client-trace.json');
    const before = new Set((await traces()).map(({ file }) => file));
    const code = await new Promise<number>((resolve) => {
      execFile(
        process.execPath,
        ['bin/dockhop.js', 'docker', '--real-socket', '--trace', clientTrace, 'plugin', 'create', 'ported/sshfs', 'examples/sshfs'],
        { cwd: REPO, env: { ...process.env, DOCKER_HOST: serve.dockerHost } },
        (error) => resolve(error === null ? 0 : Number(error.code)),
      );
    });
    const client = JSON.parse(await readFile(clientTrace, 'utf8')) as TraceFile;
    const served = (await traces()).filter(({ file }) => !before.has(file)).map(({ trace }) => trace);
    const clientDoSpans = client.spans.filter((span) => span.name === 'Do').map((span) => span.spanId);

    expect(code).toBe(0);
    expect(client.stdout).toBe('ported/sshfs\n');
    expect(served.map((trace) => trace.spans[0]!.attributes['url.full'])).toEqual([
      '/_ping',
      '/v1.26/plugins/create?name=ported%2Fsshfs',
    ]);
    for (const trace of served) {
      expect(trace.traceId).toBe(client.traceId);
      expect(clientDoSpans).toContain(trace.spans[0]!.parentSpanId);
    }
  });
});
