import { collector } from './output-collector.ts';
import { createHash } from 'node:crypto';
import { Writable, type Readable } from 'node:stream';
import { DefaultDockerHost, DefaultVersion, newClient } from '../moby/client/client.ts';
import { main } from '../moby/cmd/docker/docker.ts';
import { setRandomSource } from '../moby/pkg/stringid/stringid.ts';
import { startDaemon, type Daemon } from './daemon.ts';
import { startMswHop, stopMswHop } from './transport/msw-hop.ts';
import { startRecorder } from './tracing/provider.ts';
import { pathRewriter } from './trace/rewrite-paths.ts';
import {
  formatTraceFile,
  toTraceSpans,
  TRACE_FORMAT_VERSION,
  type TraceFile,
  type TraceRequest,
  type TraceSpan,
} from './trace/trace-file.ts';

/** User-Agent of raw uploads, which come from dockhop, not the docker CLI. */
const UPLOAD_USER_AGENT = 'dockhop-upload';

/** The path shown in traces for the daemon's plugin root, whatever the real one is. */
export const SHOWN_STATE_ROOT = '/var/lib/docker/plugins';

/** Options of one in-process run of the docker CLI. */
export interface RunDockerOptions {
  /** Trace name, also the seed of the IDs when reproducible. */
  name: string;
  description?: string;
  /** The docker arguments, without the program name. */
  args: string[];
  /** The daemon's plugin root; it may hold plugins from earlier runs. */
  stateRoot: string;
  /** Environment of the docker CLI (DOCKER_HOST, DOCKER_API_VERSION …). */
  env: NodeJS.ProcessEnv;
  /** Working directory the CLI resolves relative paths in; default the process's. */
  cwd?: string;
  /** Seeded IDs and no times, so the trace file is the same on every run. */
  reproducible: boolean;
  /** Commands to run on the same daemon before the traced one, untraced (a scenario's set-up). */
  before?: string[][];
  /**
   * A raw upload to send with the ported client instead of running the CLI:
   * bodies the docker CLI would never build, as a hostile client sends them.
   */
  upload?: { repoName: string; body: () => Promise<Readable> };
}

/** The outcome of a run: what docker printed, and its trace. */
export interface RunDockerResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  trace: TraceFile;
  /** The trace serialised as it is written to disk. */
  text: string;
  daemon: Daemon;
}

/**
 * Runs the ported docker CLI in this process against the ported daemon,
 * with the HTTP hop intercepted by msw, and records every span.
 */
export async function runDocker(options: RunDockerOptions): Promise<RunDockerResult> {
  const daemon = await startDaemon(options.stateRoot);
  const restoreRandom = options.reproducible ? setRandomSource(seededBytes(options.name)) : undefined;

  startMswHop(daemon);

  try {
    for (const args of options.before ?? []) {
      await main(args, { stdout: sink(), stderr: sink(), env: options.env, cwd: options.cwd });
    }

    await daemon.manager.pendingGC;
    daemon.log.length = 0;

    const recorder = startRecorder(options.reproducible ? { seed: options.name } : {});
    const stdout = collector();
    const stderr = collector();
    let exitCode: number;

    try {
      exitCode =
        options.upload === undefined
          ? await main(options.args, { stdout: stdout.stream, stderr: stderr.stream, env: options.env, cwd: options.cwd })
          : await sendUpload(options.upload, stderr.stream);
      await daemon.manager.pendingGC;
    } catch (error) {
      await recorder.shutdown();
      throw error;
    }

    const spans = recorder.spans();
    await recorder.shutdown();

    const rewrite = pathRewriter([
      [options.stateRoot, SHOWN_STATE_ROOT],
      [options.cwd ?? process.cwd(), '$PWD'],
    ]);

    const traceSpans = toTraceSpans(spans, { reproducible: options.reproducible, rewrite });
    const trace: TraceFile = {
      format: 'dockhop-trace',
      version: TRACE_FORMAT_VERSION,
      name: options.name,
      description: options.description ?? '',
      kind: options.upload === undefined ? 'command' : 'upload',
      // A raw upload runs no docker CLI, so it has no command line, only the request it sent.
      command: options.upload === undefined ? ['docker', ...options.args] : [],
      ...(options.upload === undefined ? {} : { request: sentRequest(traceSpans) }),
      exitCode,
      stdout: rewrite(stdout.text()),
      stderr: rewrite(stderr.text()),
      daemonLog: daemon.log.map((line) => ({ level: line.level, message: rewrite(line.message) })),
      reproducible: options.reproducible,
      traceId: spans[0]?.spanContext().traceId ?? null,
      spans: traceSpans,
    };

    return { exitCode, stdout: stdout.text(), stderr: stderr.text(), trace, text: formatTraceFile(trace), daemon };
  } finally {
    stopMswHop();
    await daemon.manager.pendingGC;
    await daemon.release();

    if (restoreRandom !== undefined) {
      setRandomSource(restoreRandom);
    }
  }
}

// Sends a raw upload with the ported client (the default daemon address,
// which msw intercepts) and reports a failure the way the CLI prints it.
async function sendUpload(upload: NonNullable<RunDockerOptions['upload']>, stderr: Writable): Promise<number> {
  const client = newClient(DefaultDockerHost, DefaultVersion, undefined, { 'User-Agent': UPLOAD_USER_AGENT });

  try {
    await client.pluginCreate(await upload.body(), { repoName: upload.repoName });
    return 0;
  } catch (error) {
    stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

// The request line and status of the upload, from the client's `Do` span.
function sentRequest(spans: TraceSpan[]): TraceRequest {
  const send = spans.find((span) => span.name === 'Do');
  const url = String(send?.attributes['url.full'] ?? '');
  // The host is the socket path (`http://%2Fvar%2Frun%2Fdocker.sock/…`), so the target starts at the next slash.
  const targetStart = url.indexOf('/', url.indexOf('//') + 2);
  const status = send?.attributes['http.response.status_code'];

  return {
    method: String(send?.attributes['http.request.method'] ?? 'POST'),
    target: targetStart === -1 ? '/' : url.slice(targetStart),
    status: typeof status === 'number' ? status : null,
  };
}

// A deterministic byte stream for plugin IDs: sha256(seed/counter) blocks.
function seededBytes(seed: string): (size: number) => Uint8Array {
  let counter = 0;

  return (size) => {
    const out = Buffer.alloc(size);
    let filled = 0;

    while (filled < size) {
      counter += 1;
      const block = createHash('sha256').update(`${seed}/plugin-id/${counter}`).digest();
      filled += block.copy(out, filled);
    }

    return out;
  };
}


function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
