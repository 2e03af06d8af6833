import { collector } from '../output-collector.ts';
import { pathRewriter } from '../trace/rewrite-paths.ts';
import { main } from '../../moby/cmd/docker/docker.ts';
import { formatTraceFile, toTraceSpans, TRACE_FORMAT_VERSION, type TraceFile } from '../trace/trace-file.ts';
import { startRecorder } from '../tracing/provider.ts';

/** The outcome of a run against a served daemon: what docker printed, and the client side of the trace. */
export interface SocketRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  trace: TraceFile;
  /** The trace serialised as it is written to disk. */
  text: string;
}

/**
 * Runs the ported docker CLI in this process against a daemon on a real
 * socket (`DOCKER_HOST` or `-H` in `args`/`env`), without the msw hop and
 * without an in-process daemon. The trace contains the client's spans down to
 * the transport's `Do`; the client sends `traceparent`, so the server's
 * trace of each request has the same trace ID, and its root span's parent
 * is the client's `Do` span. `name` becomes the trace's name.
 */
export async function runDockerOverSocket(args: string[], env: NodeJS.ProcessEnv, name = 'docker'): Promise<SocketRunResult> {
  const recorder = startRecorder();
  const stdout = collector();
  const stderr = collector();
  let exitCode: number;

  try {
    exitCode = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env });
  } catch (error) {
    await recorder.shutdown();
    throw error;
  }

  const spans = recorder.spans();
  await recorder.shutdown();

  const rewrite = pathRewriter([[process.cwd(), '$PWD']]);
  const trace: TraceFile = {
    format: 'dockhop-trace',
    version: TRACE_FORMAT_VERSION,
    name,
    description: 'the ported docker CLI over a real socket',
    kind: 'command',
    command: ['docker', ...args],
    exitCode,
    stdout: rewrite(stdout.text()),
    stderr: rewrite(stderr.text()),
    daemonLog: [],
    reproducible: false,
    traceId: spans[0]?.spanContext().traceId ?? null,
    spans: toTraceSpans(spans, { reproducible: false, rewrite }),
  };

  return { exitCode, stdout: stdout.text(), stderr: stderr.text(), trace, text: formatTraceFile(trace) };
}
