import type { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Level, Logger, TextFormatter } from '../../logrus/logrus.ts';
import { parseServeAddress } from '../serve/address.ts';
import { startServe } from '../serve/serve.ts';

/** Options of `dockhop serve`. */
export interface ServeCommandOptions {
  host?: string;
  stateDir: string;
  traceDir: string;
  debug?: boolean;
}

/** File name of the default unix socket inside the state dir. */
export const DEFAULT_SOCKET_NAME = 'docker.sock';

/**
 * Registers `dockhop serve`; `setExitCode` receives the exit code when the
 * server stops.
 */
export function addServeCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the ported daemon API on a unix socket or loopback TCP port until SIGINT or SIGTERM')
    .option('--host <address>', `unix:///PATH or tcp://127.0.0.1:PORT (default: unix://<state-dir>/${DEFAULT_SOCKET_NAME})`)
    .option('--state-dir <dir>', 'daemon state root; plugins kept there survive a restart', 'dockhop-state')
    .option('--trace-dir <dir>', 'folder that receives one trace file per request', 'dockhop-traces')
    .option('--debug', 'also log the daemon\'s debug lines')
    .action(async (options: ServeCommandOptions) => {
      setExitCode(await serveCommand(options));
    });
}

/**
 * Runs `dockhop serve`: prints the DOCKER_HOST line on stdout, logs on
 * stderr, and returns 0 after a clean stop on SIGINT or SIGTERM (socket
 * removed, state kept), or 1 when the server cannot start.
 */
export async function serveCommand(options: ServeCommandOptions): Promise<number> {
  const logger = new Logger({
    out: process.stderr,
    level: options.debug === true ? Level.Debug : Level.Info,
    formatter: new TextFormatter(),
  });
  const stateRoot = resolve(options.stateDir);
  let address;

  try {
    address = parseServeAddress(options.host ?? `unix://${join(stateRoot, DEFAULT_SOCKET_NAME)}`);
    await mkdir(stateRoot, { recursive: true, mode: 0o700 });
  } catch (error) {
    process.stderr.write(`dockhop serve: ${(error as Error).message}\n`);
    return 1;
  }

  let running;

  try {
    running = await startServe({ address, stateRoot, traceDir: resolve(options.traceDir), logger });
  } catch (error) {
    process.stderr.write(`dockhop serve: ${(error as Error).message}\n`);
    return 1;
  }

  const plugins = running.daemon.store.getAll().size;
  process.stdout.write(`DOCKER_HOST=${running.dockerHost}\n`);
  logger
    .withFields({ host: running.dockerHost, state: stateRoot, traces: resolve(options.traceDir), plugins })
    .info('API listening');

  const signal = await new Promise<NodeJS.Signals>((done) => {
    const stop = (received: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(received);
    };

    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

  logger.withFields({ signal }).info('stopping');
  await running.close();
  logger.info('stopped; plugins kept in the state dir');
  return 0;
}
