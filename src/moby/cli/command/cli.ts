/**
 * The Docker CLI's shared state, `DockerCli`: the standard streams, the
 * API client built from the global flags and the environment, and the
 * logger. Also the daemon-host parsing of `opts/hosts.go` that the client
 * construction uses.
 */

import type { Readable } from 'node:stream';
import type { Command } from '../../../cobra/command.ts';
import type { Writer } from '../../../cobra/pflag.ts';
import type { Logger } from '../../../logrus/logrus.ts';
import { lessThan } from '../../api/types/versions/compare.ts';
import { Client } from '../../client/client.ts';
import type { ClientOptions, TLSOptions } from '../../cmd/docker/docker.ts';

/** Docker's version string at the ported release. */
export const DOCKER_VERSION = '17.03.0-ce';

/** The API version the 17.03 client speaks by default (`api.DefaultVersion`). */
export const DEFAULT_API_VERSION = '1.26';

/** Default daemon socket on Linux. */
export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';

const DEFAULT_HTTP_HOST = 'localhost';
const DEFAULT_HTTP_PORT = 2375;
const DEFAULT_TLS_HTTP_PORT = 2376;
const DEFAULT_HOST = `unix://${DEFAULT_UNIX_SOCKET}`;
const DEFAULT_TCP_HOST = `tcp://${DEFAULT_HTTP_HOST}:${DEFAULT_HTTP_PORT}`;
const DEFAULT_TLS_HOST = `tcp://${DEFAULT_HTTP_HOST}:${DEFAULT_TLS_HTTP_PORT}`;
const DEFAULT_NAMED_PIPE = '//./pipe/docker_engine';

/** The daemon's `/_ping` response, as far as the CLI reads it. */
export interface Ping {
  apiVersion: string;
  experimental: boolean;
}

/**
 * The part of the API client the ported commands call. `ping` and
 * `updateClientVersion` are optional, because a client without them
 * skips the version negotiation that `initialize` does.
 */
export interface APIClient {
  pluginCreate(createContext: Readable, options: { repoName: string }): Promise<void>;
  clientVersion(): string;
  ping?(): Promise<Ping>;
  updateClientVersion?(version: string): void;
}

/** Everything the CLI has decided about the client before creating it. */
export interface ClientConfig {
  /** Daemon host after `ParseHost`, such as `unix:///var/run/docker.sock`. */
  host: string;
  version: string;
  httpHeaders: Record<string, string>;
  /** Set when `--tls` or `--tlsverify` is on. */
  tlsOptions: TLSOptions | undefined;
}

/** Creates the API client; tests pass a fake one. */
export type ClientFactory = (config: ClientConfig) => APIClient;

/** Environment, working directory and collaborators of one CLI run. */
export interface DockerCliOptions {
  env: NodeJS.ProcessEnv;
  /** Directory relative paths resolve against. */
  cwd: string;
  logger: Logger;
  clientFactory?: ClientFactory;
}

/**
 * Creates the real API client. TLS transports are not ported, so a TLS
 * configuration fails here rather than silently talking plain HTTP.
 */
export function defaultClientFactory(config: ClientConfig): APIClient {
  if (config.tlsOptions !== undefined) {
    // TODO: port tlsconfig.Client and the TLS transport of newHTTPClient.
    throw new Error(
      'TLS connections are not supported by dockhop: drop --tls and --tlsverify, and unset DOCKER_TLS_VERIFY',
    );
  }

  return Client.newClient(config.host, config.version, undefined, config.httpHeaders);
}

/** The command-line client's streams, API client and settings. */
export class DockerCli {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logger: Logger;
  private readonly inStream: Readable | undefined;
  private readonly outStream: Writer;
  private readonly errStream: Writer;
  private readonly clientFactory: ClientFactory;
  private apiClient: APIClient | undefined;
  private experimental = false;
  private defaultVersionValue = '';

  /** @go cli/command/cli.go:175-177 */
  constructor(inStream: Readable | undefined, outStream: Writer, errStream: Writer, options: DockerCliOptions) {
    this.inStream = inStream;
    this.outStream = outStream;
    this.errStream = errStream;
    this.env = options.env;
    this.cwd = options.cwd;
    this.logger = options.logger;
    this.clientFactory = options.clientFactory ?? defaultClientFactory;
  }

  /** @go cli/command/cli.go:49-51 */
  hasExperimental(): boolean {
    return this.experimental;
  }

  /** @go cli/command/cli.go:54-56 */
  defaultVersion(): string {
    return this.defaultVersionValue;
  }

  /**
   * Returns the API client, or undefined before {@link DockerCli.initialize}.
   *
   * @go cli/command/cli.go:59-61
   */
  client(): APIClient | undefined {
    return this.apiClient;
  }

  /** @go cli/command/cli.go:64-66 */
  out(): Writer {
    return this.outStream;
  }

  /** @go cli/command/cli.go:69-71 */
  err(): Writer {
    return this.errStream;
  }

  /** @go cli/command/cli.go:74-76 */
  in(): Readable | undefined {
    return this.inStream;
  }

  /**
   * Prints the command's help on standard error. Used as the run function
   * of command groups such as `docker plugin`.
   *
   * @go cli/command/cli.go:79-83
   */
  async showHelp(cmd: Command, args: string[]): Promise<void> {
    cmd.setOutput(this.errStream);
    await cmd.helpFunc()(cmd, args);
  }

  /**
   * Creates the API client from the parsed flags, then pings the daemon to
   * learn whether it is experimental and to lower the API version to the
   * daemon's. A failed ping is ignored, as in Docker.
   *
   * @go cli/command/cli.go:141-172
   */
  async initialize(opts: ClientOptions): Promise<void> {
    // NOTE: Docker loads ~/.docker/config.json here (custom HTTP headers,
    // credential stores). The port reads no config file.
    const client = newAPIClientFromFlags(opts, this.env, this.clientFactory);
    this.apiClient = client;
    this.defaultVersionValue = client.clientVersion();

    if (client.ping === undefined) {
      return;
    }

    let ping: Ping;

    try {
      ping = await client.ping();
    } catch {
      return;
    }

    this.experimental = ping.experimental;

    // Daemons before API 1.25 send no API-Version header.
    const apiVersion = ping.apiVersion === '' ? '1.24' : ping.apiVersion;

    if (lessThan(apiVersion, client.clientVersion())) {
      client.updateClientVersion?.(apiVersion);
    }
  }
}

/**
 * Creates the API client: the host from `-H` or `DOCKER_HOST`, the API
 * version from `DOCKER_API_VERSION` (default 1.26), Docker's User-Agent.
 *
 * @go cli/command/cli.go:193-216
 */
export function newAPIClientFromFlags(
  opts: ClientOptions,
  env: NodeJS.ProcessEnv,
  factory: ClientFactory,
): APIClient {
  const common = opts.common;
  const host = getServerHost(common.hosts, common.tlsOptions, env);
  const httpHeaders = { 'User-Agent': userAgent() };
  const version = env.DOCKER_API_VERSION || DEFAULT_API_VERSION;

  return factory({ host, version, httpHeaders, tlsOptions: common.tlsOptions });
}

/**
 * Picks the daemon host: `DOCKER_HOST` without `-H`, the one `-H`, and an
 * error for more than one.
 *
 * @go cli/command/cli.go:218-230
 */
export function getServerHost(
  hosts: readonly string[],
  tlsOptions: TLSOptions | undefined,
  env: NodeJS.ProcessEnv,
): string {
  let host: string;

  switch (hosts.length) {
    case 0:
      host = env.DOCKER_HOST ?? '';
      break;
    case 1:
      host = hosts[0]!;
      break;
    default:
      throw new Error('Please specify only one -H');
  }

  return parseHost(tlsOptions !== undefined, host);
}

/** @go cli/command/cli.go:258-260 */
export function userAgent(): string {
  return `Docker-Client/${DOCKER_VERSION} (linux)`;
}

/**
 * Checks a `-H` value when the flag is parsed, returning it unchanged so
 * that {@link parseHost} can still apply the TLS default port later.
 *
 * @go opts/hosts.go:30-42
 */
export function validateHost(value: string): string {
  const host = value.trim();

  if (host !== '') {
    parseDockerDaemonHost(host);
  }

  return value;
}

/**
 * Normalizes a daemon host: empty means the default socket (or
 * `tcp://localhost:2376` with TLS), a bare address means TCP.
 *
 * @go opts/hosts.go:45-61
 */
export function parseHost(defaultToTLS: boolean, value: string): string {
  const host = value.trim();

  if (host === '') {
    return defaultToTLS ? DEFAULT_TLS_HOST : DEFAULT_HOST;
  }

  return parseDockerDaemonHost(host);
}

/** @go opts/hosts.go:65-83 */
function parseDockerDaemonHost(address: string): string {
  let parts = splitN(address, '://', 2);

  if (parts.length === 1 && parts[0] !== '') {
    parts = ['tcp', parts[0]!];
  }

  switch (parts[0]) {
    case 'tcp':
      return parseTCPAddr(parts[1]!, DEFAULT_TCP_HOST);
    case 'unix':
      return parseSimpleProtoAddr('unix', parts[1]!, DEFAULT_UNIX_SOCKET);
    case 'npipe':
      return parseSimpleProtoAddr('npipe', parts[1]!, DEFAULT_NAMED_PIPE);
    case 'fd':
      return address;
    default:
      throw new Error(`Invalid bind address format: ${address}`);
  }
}

/** @go opts/hosts.go:89-98 */
function parseSimpleProtoAddr(proto: string, address: string, defaultAddress: string): string {
  let addr = address.startsWith(`${proto}://`) ? address.slice(proto.length + 3) : address;

  if (addr.includes('://')) {
    throw new Error(`Invalid proto, expected ${proto}: ${addr}`);
  }

  if (addr === '') {
    addr = defaultAddress;
  }

  return `${proto}://${addr}`;
}

/**
 * Normalizes a TCP address to `tcp://host:port[/path]`, filling in the
 * default host and port.
 *
 * @go opts/hosts.go:105-151
 */
function parseTCPAddr(tryAddr: string, defaultAddr: string): string {
  if (tryAddr === '' || tryAddr === 'tcp://') {
    return defaultAddr;
  }

  let addr = tryAddr.startsWith('tcp://') ? tryAddr.slice(6) : tryAddr;

  if (addr.includes('://') || addr === '') {
    throw new Error(`Invalid proto, expected tcp: ${tryAddr}`);
  }

  const [defaultHost, defaultPort] = splitHostPort(defaultAddr.slice('tcp://'.length))!;

  if (addr.endsWith(']:')) {
    addr += defaultPort;
  }

  // NOTE: Go runs url.Parse("tcp://" + addr) here. This port splits the
  // authority from the path itself and does not reproduce url.Parse's own
  // errors for malformed hosts, which then fail below as a bad address.
  const { authority, path } = splitAuthority(addr);
  const split = splitHostPort(authority) ?? splitHostPort(joinHostPort(authority, defaultPort));

  if (split === undefined) {
    throw new Error(`Invalid bind address format: ${tryAddr}`);
  }

  const host = split[0] === '' ? defaultHost : split[0];
  const port = split[1] === '' ? defaultPort : split[1];

  // Go rejects only a port with invalid syntax: strconv.Atoi reports an
  // out-of-range number with a non-zero value, which passes its check.
  if (!/^[+-]?\d+$/.test(port)) {
    throw new Error(`Invalid bind address format: ${tryAddr}`);
  }

  return `tcp://${joinHostPort(host, port)}${path}`;
}

/** Splits `host:port/path?query` into the authority and the path, like url.Parse. */
function splitAuthority(address: string): { authority: string; path: string } {
  const end = address.search(/[/?#]/);
  const authority = end < 0 ? address : address.slice(0, end);
  const rest = end < 0 ? '' : address.slice(end);
  const pathEnd = rest.search(/[?#]/);

  return { authority, path: pathEnd < 0 ? rest : rest.slice(0, pathEnd) };
}

/**
 * Splits `host:port` or `[host]:port` like Go's `net.SplitHostPort`;
 * returns undefined where Go returns an error.
 */
function splitHostPort(hostport: string): [string, string] | undefined {
  const i = hostport.lastIndexOf(':');

  if (i < 0) {
    return undefined;
  }

  let host: string;
  let j = 0;
  let k = 0;

  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');

    if (end < 0 || end + 1 !== i) {
      return undefined;
    }

    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);

    if (host.includes(':') || host.includes('%')) {
      return undefined;
    }
  }

  if (hostport.slice(j).includes('[') || hostport.slice(k).includes(']')) {
    return undefined;
  }

  return [host, hostport.slice(i + 1)];
}

/** Joins a host and port, bracketing an IPv6 host, like `net.JoinHostPort`. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Splits like Go's `strings.SplitN`: at most `n` parts. */
function splitN(text: string, separator: string, n: number): string[] {
  const index = text.indexOf(separator);

  if (n < 2 || index < 0) {
    return [text];
  }

  return [text.slice(0, index), text.slice(index + separator.length)];
}
