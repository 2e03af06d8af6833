import { isIP } from 'node:net';

/** The address `dockhop serve` listens on: a unix socket, or a loopback TCP address. */
export type ServeAddress = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/** Maximum unix socket path length Linux accepts (sun_path is 108 bytes with its NUL). */
export const MAX_UNIX_PATH_BYTES = 107;

/**
 * Parses a `--host` value: `unix:///absolute/path` or `tcp://HOST:PORT`
 * where HOST is `localhost`, an IPv4 address in 127.0.0.0/8 or `[::1]`.
 * Anything else is rejected, because dockhop has no TLS and no
 * authentication and must never be reachable from another machine.
 */
export function parseServeAddress(host: string): ServeAddress {
  if (host.startsWith('unix://')) {
    const path = host.slice('unix://'.length);

    if (!path.startsWith('/')) {
      throw new Error(`invalid --host ${host}: a unix socket path must be absolute, as in unix:///tmp/dockhop.sock`);
    }

    if (Buffer.byteLength(path) > MAX_UNIX_PATH_BYTES) {
      throw new Error(
        `invalid --host ${host}: the socket path is ${Buffer.byteLength(path)} bytes, longer than the ${MAX_UNIX_PATH_BYTES} Linux allows; choose a shorter path`,
      );
    }

    return { kind: 'unix', path };
  }

  if (host.startsWith('tcp://')) {
    return parseLoopbackTCP(host);
  }

  throw new Error(`invalid --host ${host}: use unix:///PATH or tcp://127.0.0.1:PORT`);
}

/** Formats the address as the DOCKER_HOST value a client needs. */
export function dockerHostOf(address: ServeAddress): string {
  if (address.kind === 'unix') {
    return `unix://${address.path}`;
  }

  const host = isIP(address.host) === 6 ? `[${address.host}]` : address.host;
  return `tcp://${host}:${address.port}`;
}

function parseLoopbackTCP(host: string): ServeAddress {
  const rest = host.slice('tcp://'.length).replace(/\/$/, '');
  const match = /^(\[[^\]]*\]|[^:/]*):([0-9]{1,5})$/.exec(rest);

  if (match === null) {
    throw new Error(`invalid --host ${host}: expected tcp://127.0.0.1:PORT with a port number and no path`);
  }

  const name = match[1]!.replace(/^\[|\]$/g, '');
  const port = Number(match[2]);

  if (port > 65535) {
    throw new Error(`invalid --host ${host}: port ${port} is out of range (0-65535)`);
  }

  if (!isLoopback(name)) {
    throw new Error(
      `invalid --host ${host}: dockhop serve listens only on loopback addresses (127.0.0.0/8, ::1, localhost) or a unix socket, because it has no TLS or authentication`,
    );
  }

  return { kind: 'tcp', host: name, port };
}

function isLoopback(name: string): boolean {
  if (name === 'localhost' || name === '::1') {
    return true;
  }

  return isIP(name) === 4 && name.split('.')[0] === '127';
}
