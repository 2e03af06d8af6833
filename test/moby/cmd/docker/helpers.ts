import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import type { APIClient, ClientConfig } from '../../../../src/moby/cli/command/cli.ts';
import { main } from '../../../../src/moby/cmd/docker/docker.ts';

/** One recorded `pluginCreate` call with the uploaded bytes. */
export interface Upload {
  repoName: string;
  body: Buffer;
}

/** A fake API client that records what the CLI asked for. */
export interface FakeClient {
  configs: ClientConfig[];
  uploads: Upload[];
  factory: (config: ClientConfig) => APIClient;
}

export function fakeClient(failWith?: Error): FakeClient {
  const fake: FakeClient = {
    configs: [],
    uploads: [],
    factory: (config) => {
      fake.configs.push(config);

      return {
        clientVersion: () => config.version,
        pluginCreate: async (body: Readable, options: { repoName: string }) => {
          const chunks: Buffer[] = [];

          for await (const chunk of body) {
            chunks.push(Buffer.from(chunk as Uint8Array));
          }

          fake.uploads.push({ repoName: options.repoName, body: Buffer.concat(chunks) });

          if (failWith !== undefined) {
            throw failWith;
          }
        },
      };
    },
  };

  return fake;
}

/** Output and exit code of one CLI run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI with captured streams and a fake client. */
export async function runDocker(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; client?: FakeClient } = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';

  const capture = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        append(chunk.toString());
        callback();
      },
    });

  const code = await main(args, {
    stdout: capture((text) => (stdout += text)),
    stderr: capture((text) => (stderr += text)),
    env: options.env ?? { HOME: '/home/tester' },
    cwd: options.cwd,
    clientFactory: (options.client ?? fakeClient()).factory,
  });

  return { code, stdout, stderr };
}

/** Creates a temporary working directory with a valid plugin data directory `plug`. */
export async function pluginWorkspace(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dockhop-cli-'));
  await mkdir(join(dir, 'plug', 'rootfs', 'bin'), { recursive: true });
  await writeFile(join(dir, 'plug', 'config.json'), '{"Description": "test", "Unknown": 1}');
  await writeFile(join(dir, 'plug', 'rootfs', 'bin', 'tool'), 'binary');

  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
