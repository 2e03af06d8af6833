import type { Readable } from 'node:stream';
import { pathRewriter } from '../trace/rewrite-paths.ts';
import { ROOT_CONTEXT, SpanKind, context, propagation, type Span } from '@opentelemetry/api';
import { lstat, mkdir, readdir, rm, chmod, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Header } from '../../go/net/http/header.ts';
import type { Logger } from '../../logrus/logrus.ts';
import { startDaemon, type Daemon, type DaemonLogLine } from '../daemon.ts';
import { SHOWN_STATE_ROOT } from '../run-docker.ts';
import { formatTraceFile, toTraceSpans, TRACE_FORMAT_VERSION, type TraceFile } from '../trace/trace-file.ts';
import { traced } from '../tracing/span.ts';
import { BadRequestTargetError, NodeResponseWriter, toGoRequest } from './adapter.ts';
import { dockerHostOf, type ServeAddress } from './address.ts';
import { servedRequestFields, startRequestTracer, type RequestTracer } from './request-traces.ts';

/** Settings of `dockhop serve`. */
export interface ServeOptions {
  address: ServeAddress;
  /** The daemon's plugin root; plugins saved there are reloaded. */
  stateRoot: string;
  /** Folder that receives one trace file per request. */
  traceDir: string;
  logger: Logger;
}

/** A running server. */
export interface RunningServe {
  /** The DOCKER_HOST value for clients, with the port the system chose when TCP port 0 was requested. */
  dockerHost: string;
  daemon: Daemon;
  /** Stops listening, closes open connections and removes the unix socket. */
  close(): Promise<void>;
}

/**
 * Starts the ported daemon on a real socket: a unix socket (mode 0660) or a
 * loopback TCP port. Each request runs through the ported API server with
 * its body streamed, is logged with its status and duration, and leaves a
 * trace file in `traceDir`.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const { logger } = options;
  const tracer = startRequestTracer();
  const requestLogs = new Map<string, DaemonLogLine[]>();

  const daemon = await startDaemon(options.stateRoot, (line) => {
    const request = tracer.currentRequest();

    if (request !== undefined) {
      requestLogs.set(request, [...(requestLogs.get(request) ?? []), line]);
    }

    if (line.level === 'error') {
      logger.withFields({}).error(line.message);
    } else {
      logger.debug(line.message);
    }
  });

  await mkdir(options.traceDir, { recursive: true });
  const traces = new TraceWriter(options.traceDir, options.stateRoot, await nextSequence(options.traceDir));

  // Go's server accepts headers up to 1 MB (DefaultMaxHeaderBytes); Node's default is 16 KiB.
  const server = createServer({ maxHeaderSize: 1 << 20 }, (incoming, outgoing) => {
    void serveOne({ daemon, tracer, traces, requestLogs, logger }, incoming, outgoing).catch((error: unknown) => {
      logger.withError(error).withFields({ method: incoming.method, path: incoming.url }).error('request failed outside the API server');

      if (!outgoing.headersSent && !outgoing.destroyed) {
        outgoing.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('internal error\n');
      }
    });
  });

  // A request Node's parser rejects gets the plain response Go's server gives
  // (400, or 431 for headers over the limit) before the connection closes.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    logger.withError(error).warn('client connection failed');

    if (socket.writable) {
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${status}`);
      return;
    }

    socket.destroy();
  });

  try {
    await listen(server, options.address);
  } catch (error) {
    await tracer.shutdown();
    await daemon.release();
    throw error;
  }

  const address = boundAddress(server, options.address);

  return {
    dockerHost: dockerHostOf(address),
    daemon,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });

      if (address.kind === 'unix') {
        await rm(address.path, { force: true });
      }

      await daemon.manager.pendingGC;
      await tracer.shutdown();
      await daemon.release();
    },
  };
}

interface ServeContext {
  daemon: Daemon;
  tracer: RequestTracer;
  traces: TraceWriter;
  requestLogs: Map<string, DaemonLogLine[]>;
  logger: Logger;
}

/**
 * Handles one request: continues the client's trace when it sends a W3C
 * `traceparent` header (else starts a new trace), runs the API server,
 * writes the trace file, and only then
 * sends the response, so the trace is on disk when the client returns.
 */
async function serveOne(ctx: ServeContext, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const number = ctx.traces.reserve();
  const remote = propagation.extract(ROOT_CONTEXT, incoming.headers);
  let rootSpanId = '';

  outgoing.on('error', (error) => {
    ctx.logger.withError(error).warn('failed to send the response');
  });

  const writer = await context.with(remote, () =>
    traced(
      {
        module: import.meta.url,
        function: 'serveOne',
        layer: 'transport',
        kind: SpanKind.SERVER,
        ported: false,
        attributes: { 'dockhop.hop': 'socket', 'http.request.method': incoming.method ?? '', 'url.full': incoming.url ?? '' },
      },
      async (span) => {
        rootSpanId = span.spanContext().spanId;
        span.setAttribute('network.transport', incoming.socket.remoteFamily === undefined ? 'unix' : 'tcp');

        let goRequest;

        try {
          goRequest = toGoRequest(incoming);
        } catch (error) {
          if (!(error instanceof BadRequestTargetError)) {
            throw error;
          }

          ctx.logger.withError(error).warn('rejected request');
          span.setAttribute('http.response.status_code', 400);
          return null;
        }

        setHeaderAttributes(span, 'request', goRequest.header);
        const response = new NodeResponseWriter(outgoing);

        await ctx.daemon.server.serveHTTP(response, goRequest);

        // Go reads up to 256 KB of a body the handler left unread before it
        // writes the response, so a client still sending a small upload
        // (say, one the daemon rejected by name) gets to read the response.
        await discardUnreadBody(incoming, goRequest.body, MAX_POST_HANDLER_READ_BYTES);
        span.setAttribute('http.response.status_code', response.statusCode);
        setHeaderAttributes(span, 'response', response.header());

        // A remove or a failed create starts a GC, which Go runs in a goroutine
        // without holding the response back: it may wait for the GC lock of a
        // slow upload. Its span is not part of this request's trace.
        return response;
      },
    ),
  );

  const status = writer === null ? 400 : writer.statusCode;
  const log = ctx.requestLogs.get(rootSpanId) ?? [];
  ctx.requestLogs.delete(rootSpanId);

  let tracePath = '';

  try {
    tracePath = await ctx.traces.write(number, incoming, status, ctx.tracer.take(rootSpanId), log);
  } catch (error) {
    ctx.logger.withError(error).error('failed to write the trace file');
  }

  let sent: boolean;

  if (writer === null) {
    // Go's server itself responds with 400 to a malformed request target, before any handler runs.
    outgoing.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('400 Bad Request');
    sent = true;
  } else {
    sent = writer.finish();
  }

  const fields = {
    method: incoming.method,
    path: incoming.url,
    status,
    duration: `${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)}ms`,
    trace: tracePath,
  };

  if (sent) {
    ctx.logger.withFields(fields).info('request served');
  } else {
    ctx.logger.withFields(fields).warn('client disconnected before the response was sent');
  }
}

/** Go's net/http maxPostHandlerReadBytes: how much unread body it discards before responding. */
const MAX_POST_HANDLER_READ_BYTES = 256 << 10;

// Stops handing the body to the handler and reads what is left, until the
// client has sent it all or `limit` more bytes came (then Go closes the
// connection after the response instead).
async function discardUnreadBody(incoming: IncomingMessage, body: Readable | null, limit: number): Promise<void> {
  if (incoming.complete || incoming.destroyed) {
    return;
  }

  await new Promise<void>((resolve) => {
    let seen = 0;
    const done = (): void => {
      incoming.off('data', onData);
      incoming.off('end', done);
      incoming.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > limit) {
        done();
      }
    };

    incoming.on('data', onData);
    incoming.once('end', done);
    incoming.once('close', done);

    // Destroying the handler's stream unpipes it and resumes the request (see adapter.ts).
    if (body !== null && !body.destroyed) {
      body.destroy();
    } else {
      incoming.resume();
    }
  });
}

function setHeaderAttributes(span: Span, direction: 'request' | 'response', header: Header): void {
  for (const [key, values] of header.entries()) {
    span.setAttribute(`http.${direction}.header.${key.toLowerCase()}`, values);
  }
}

/**
 * Writes `<dir>/<NNNN>-<method>-<path>.json`. Numbers follow the order in
 * which requests arrived and continue after the files already there.
 */
class TraceWriter {
  constructor(
    private readonly dir: string,
    private readonly stateRoot: string,
    private sequence: number,
  ) {}

  /** Takes the next trace number. */
  reserve(): number {
    this.sequence += 1;
    return this.sequence - 1;
  }

  async write(
    sequence: number,
    incoming: IncomingMessage,
    status: number,
    spans: ReturnType<RequestTracer['take']>,
    log: DaemonLogLine[],
  ): Promise<string> {
    const number = String(sequence).padStart(4, '0');

    const method = incoming.method ?? 'GET';
    const target = incoming.url ?? '/';
    const path = target.split('?')[0]!;
    // Capped so that a long plugin name still gives a valid file name.
    const slug = path
      .replace(/^\/v[0-9.]+\//, '/')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80);
    const name = `${number}-${method.toLowerCase()}-${slug === '' ? 'root' : slug}`;
    const rewrite = pathRewriter([
      [this.stateRoot, SHOWN_STATE_ROOT],
      [process.cwd(), '$PWD'],
    ]);

    const traceFile: TraceFile = {
      format: 'dockhop-trace',
      version: TRACE_FORMAT_VERSION,
      name,
      description: `${method} ${target} from ${incoming.headers['user-agent'] ?? 'an unnamed client'}, status ${status}`,
      ...servedRequestFields(method, target, status),
      stdout: '',
      stderr: '',
      daemonLog: log.map((line) => ({ level: line.level, message: rewrite(line.message) })),
      reproducible: false,
      traceId: spans[0]?.spanContext().traceId ?? null,
      spans: toTraceSpans(spans, { reproducible: false, rewrite }),
    };

    const file = join(this.dir, `${name}.json`);
    await writeFile(file, formatTraceFile(traceFile));
    return file;
  }
}

// The next free trace number: one more than the highest NNNN- prefix in `dir`.
async function nextSequence(dir: string): Promise<number> {
  const numbers = (await readdir(dir)).map((name) => /^([0-9]{4,})-/.exec(name)?.[1]).filter((n) => n !== undefined);
  return numbers.length === 0 ? 1 : Math.max(...numbers.map(Number)) + 1;
}

async function listen(server: HttpServer, address: ServeAddress): Promise<void> {
  if (address.kind === 'unix') {
    await removeStaleSocket(address.path);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);

    const listening = (): void => {
      server.off('error', reject);
      resolve();
    };

    if (address.kind === 'unix') {
      server.listen(address.path, listening);
    } else {
      server.listen(address.port, address.host, listening);
    }
  });

  if (address.kind === 'unix') {
    // NOTE: the socket exists with the process umask until this chmod; the
    // state dir (mode 0700 when dockhop creates it) keeps others out meanwhile.
    await chmod(address.path, 0o660);
  }
}

// A socket file left by a killed server is removed; a live one, or any
// other kind of file, is an error.
async function removeStaleSocket(path: string): Promise<void> {
  let stats;

  try {
    stats = await lstat(path);
  } catch {
    return;
  }

  if (!stats.isSocket()) {
    throw new Error(`cannot listen on ${path}: a file that is not a socket is already there`);
  }

  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });

  if (live) {
    throw new Error(`cannot listen on ${path}: another server is already listening there`);
  }

  await rm(path, { force: true });
}

function boundAddress(server: HttpServer, requested: ServeAddress): ServeAddress {
  if (requested.kind === 'unix') {
    return requested;
  }

  const info = server.address() as AddressInfo;
  return { kind: 'tcp', host: requested.host, port: info.port };
}
