import { HttpClient } from '../../go/net/http/client.ts';
import { encodeValues, pathEscape } from '../../go/net/url/escape.ts';
import type { Readable } from 'node:stream';
import type { PluginCreateOptions } from '../api/types/client.ts';
import { ping, type Ping } from './ping.ts';
import { pluginCreate } from './plugin_create.ts';

/** The API version this client requests unless configured otherwise. */
export const DefaultVersion = '1.26';

/** The daemon address used when `DOCKER_HOST` is not set (client_unix.go). */
export const DefaultDockerHost = 'unix:///var/run/docker.sock';

/**
 * The API client: where the daemon is and which API version to ask for.
 * One method per API call lives in its own file, as in Docker
 * (`plugin_create.ts`), and is attached below.
 */
export class Client {
  /** See {@link newEnvClient}. */
  static readonly newEnvClient = (env: NodeJS.ProcessEnv): Client => newEnvClient(env);

  /** See {@link newClient}. */
  static readonly newClient = (
    host: string,
    version: string,
    httpClient?: HttpClient,
    httpHeaders?: Record<string, string>,
  ): Client => newClient(host, version, httpClient, httpHeaders);

  /** Set when `DOCKER_API_VERSION` chose the version, so negotiation must not change it. */
  manualOverride = false;

  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly proto: string,
    readonly addr: string,
    readonly basePath: string,
    readonly client: HttpClient,
    public version: string,
    readonly customHTTPHeaders: Record<string, string> | undefined,
  ) {}

  /** Asks the daemon for its API version; see ping.ts. */
  ping(): Promise<Ping> {
    return ping(this);
  }

  /**
   * Lowers the API version to the daemon's, unless DOCKER_API_VERSION fixed it.
   *
   * @go client/client.go:221-226
   */
  updateClientVersion(v: string): void {
    if (!this.manualOverride) {
      this.version = v;
    }
  }

  /** Uploads a plugin data directory as a tar stream; see plugin_create.ts. */
  pluginCreate(createContext: Readable, createOptions: PluginCreateOptions): Promise<void> {
    return pluginCreate(this, createContext, createOptions);
  }

  /**
   * Builds the request path: the base path, `/v<version>` when a version is
   * set, the endpoint, and the query encoded in Go's key order.
   *
   * @go client/client.go:194-210
   */
  getAPIPath(path: string, query: Map<string, string[]>): { path: string; rawQuery: string } {
    const apiPath =
      this.version === ''
        ? `${this.basePath}${path}`
        : `${this.basePath}/v${this.version.replace(/^v/, '')}${path}`;

    // Go sends the path as url.URL.String() writes it, escaped.
    return { path: pathEscape(apiPath), rawQuery: query.size > 0 ? encodeValues(query) : '' };
  }

  /**
   * Returns the API version this client sends.
   *
   * @go client/client.go:215-217
   */
  clientVersion(): string {
    return this.version;
  }
}

/**
 * Creates a client from the environment: `DOCKER_HOST` (default the unix
 * socket) and `DOCKER_API_VERSION` (default 1.26, and then fixed).
 *
 * TLS (`DOCKER_CERT_PATH`, `DOCKER_TLS_VERIFY`) is not ported: dockhop only
 * talks plain HTTP to a unix socket or a loopback address.
 *
 * @go client/client.go:91-129
 */
export function newEnvClient(env: NodeJS.ProcessEnv): Client {
  if ((env.DOCKER_CERT_PATH ?? '') !== '') {
    throw new Error('TLS is not supported by dockhop: unset DOCKER_CERT_PATH to talk plain HTTP');
  }

  const host = env.DOCKER_HOST || DefaultDockerHost;
  const version = env.DOCKER_API_VERSION || DefaultVersion;
  const cli = newClient(host, version, undefined, undefined);

  if ((env.DOCKER_API_VERSION ?? '') !== '') {
    cli.manualOverride = true;
  }

  return cli;
}

/**
 * Creates a client for `host` (`unix:///path` or `tcp://addr:port[/base]`)
 * and an API version; `httpHeaders` are sent with every request.
 *
 * @go client/client.go:138-177
 */
export function newClient(
  host: string,
  version: string,
  httpClient: HttpClient | undefined,
  httpHeaders: Record<string, string> | undefined,
): Client {
  const [proto, addr, basePath] = parseHost(host);
  const client = httpClient ?? new HttpClient(proto, addr);

  // Without TLS the scheme is always http (resolveTLSConfig finds none).
  return new Client('http', host, proto, addr, basePath, client, version, httpHeaders);
}

/**
 * Splits a daemon host into protocol, address and base path.
 *
 * @go client/client.go:229-246
 */
export function parseHost(host: string): [proto: string, addr: string, basePath: string] {
  const separator = host.indexOf('://');

  if (separator === -1) {
    throw new Error(`unable to parse docker host \`${host}\``);
  }

  const proto = host.slice(0, separator);
  let addr = host.slice(separator + 3);
  let basePath = '';

  if (proto === 'tcp') {
    const parsed = parseTCPAddress(addr);
    addr = parsed.host;
    basePath = parsed.path;
  }

  return [proto, addr, basePath];
}

// Go's url.Parse("tcp://" + addr): the authority up to the first '/', then the path.
function parseTCPAddress(addr: string): { host: string; path: string } {
  const slash = addr.indexOf('/');

  if (slash === -1) {
    return { host: addr, path: '' };
  }

  return { host: addr.slice(0, slash), path: addr.slice(slash) };
}
