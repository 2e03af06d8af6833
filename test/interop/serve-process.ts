import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A `dockhop serve` child process and what it printed. */
export interface ServeProcess {
  dockerHost: string;
  child: ChildProcess;
  /** Everything it wrote on stderr so far (its log). */
  log(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The repository root, where `bin/dockhop.js` and `examples/` are. */
export const REPO = join(import.meta.dirname, '../..');

/**
 * Starts `node bin/dockhop.js serve ARGS` and resolves once it has printed
 * its DOCKER_HOST line; rejects with its stderr if it exits first.
 */
export function startServeProcess(args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(REPO, 'bin/dockhop.js'), 'serve', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';

  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  let stopping = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // A crash mid-suite would otherwise show only as connection errors in later tests.
  void exited.then((code) => {
    if (!stopping) {
      process.stderr.write(`dockhop serve exited unexpectedly with ${code}; its log:\n${stderr}\n`);
    }
  });

  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^DOCKER_HOST=(.*)$/m.exec(stdout);

      if (match !== null) {
        resolve({
          dockerHost: match[1]!,
          child,
          log: () => stderr,
          stop: () => {
            stopping = true;
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });

    void exited.then((code) => reject(new Error(`dockhop serve exited with ${code} before listening: ${stderr}`)));
  });
}

/** What one docker CLI run printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `docker` binary found on PATH with DOCKER_HOST set and a
 * fresh config dir, so no user setting or context applies.
 */
export function runDocker(args: string[], dockerHost: string, configDir: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      {
        cwd: REPO,
        env: { PATH: process.env.PATH, HOME: configDir, DOCKER_CONFIG: configDir, DOCKER_HOST: dockerHost },
      },
      (error, stdout, stderr) => {
        let code = 0;

        if (error !== null) {
          // A non-number code means docker could not be started at all.
          code = typeof error.code === 'number' ? error.code : -1;
        }

        resolve({ code, stdout, stderr });
      },
    );
  });
}
