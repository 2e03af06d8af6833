import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { runDocker } from '../run-docker.ts';
import { runDockerOverSocket } from '../serve/run-docker-socket.ts';
import { removeOnExit } from './temp-dirs.ts';

/** Options of `dockhop docker`, before the docker arguments. */
export interface DockerCommandOptions {
  stateDir?: string;
  trace: string;
  realSocket?: boolean;
}

/**
 * Runs `dockhop docker ARGS`: docker's own output and exit code, then the
 * trace. dockhop's options are checked before docker runs, so a bad
 * `--state-dir` or `--trace` never follows a docker command that already
 * did its work.
 */
export async function dockerCommand(args: string[], options: DockerCommandOptions): Promise<number> {
  const tracePath = await checkTracePath(options.trace);

  if (tracePath instanceof Error) {
    return usageError(tracePath.message);
  }

  if (options.realSocket === true) {
    if (options.stateDir !== undefined) {
      return usageError('--state-dir has no effect with --real-socket; the served daemon keeps its own state');
    }

    const result = await runDockerOverSocket(args, process.env, traceNameOf(tracePath));
    return finish(result, tracePath);
  }

  const stateCheck = await checkStateDir(options.stateDir);

  if (stateCheck instanceof Error) {
    return usageError(stateCheck.message);
  }

  const stateRoot = options.stateDir === undefined ? await mkdtemp(join(tmpdir(), 'dockhop-state-')) : resolve(options.stateDir);
  const removeState = options.stateDir === undefined ? removeOnExit(stateRoot) : () => undefined;

  try {
    const result = await runDocker({
      name: traceNameOf(tracePath),
      args,
      stateRoot,
      env: process.env,
      reproducible: process.env.SOURCE_DATE_EPOCH !== undefined,
    });

    return await finish(result, tracePath);
  } catch (error) {
    // The daemon could not start on this state root (a broken saved plugin, no permission …).
    process.stderr.write(`dockhop: cannot run the daemon on state dir ${stateRoot}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    removeState();
  }
}

async function finish(
  result: { stdout: string; stderr: string; exitCode: number; text: string },
  tracePath: string,
): Promise<number> {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);

  try {
    await writeFile(tracePath, result.text);
  } catch (error) {
    process.stderr.write(`dockhop: cannot write the trace to ${tracePath}: ${(error as Error).message}\n`);
    return result.exitCode === 0 ? 1 : result.exitCode;
  }

  return result.exitCode;
}

/**
 * Names a trace after its file (`my-trace.json` → `my-trace`), so that
 * `dockhop render` gives each trace file its own `docs/<name>/` folder.
 * Characters a folder name should not have become `-`.
 */
export function traceNameOf(tracePath: string): string {
  const name = basename(tracePath)
    .replace(/\.json$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');

  return name === '' ? 'docker' : name;
}

// The trace goes to a file whose folder must already exist: creating
// folders on request could hang on pseudo file systems such as /proc.
async function checkTracePath(path: string): Promise<string | Error> {
  if (path === '') {
    return new Error('--trace needs a file name');
  }

  const absolute = resolve(path);
  const existing = await stat(absolute).catch(() => undefined);

  if (existing?.isDirectory() === true) {
    return new Error(`--trace ${path} is a directory; name a file inside it`);
  }

  const folder = await stat(dirname(absolute)).catch(() => undefined);

  if (folder?.isDirectory() !== true) {
    return new Error(`--trace ${path}: folder ${dirname(absolute)} does not exist; create it first`);
  }

  return absolute;
}

async function checkStateDir(path: string | undefined): Promise<void | Error> {
  if (path === undefined) {
    return;
  }

  if (path === '') {
    return new Error('--state-dir needs a folder name');
  }

  const existing = await stat(path).catch(() => undefined);

  if (existing !== undefined && !existing.isDirectory()) {
    return new Error(`--state-dir ${path} is not a folder`);
  }
}

function usageError(message: string): number {
  process.stderr.write(`dockhop: ${message}\n`);
  return 2;
}
