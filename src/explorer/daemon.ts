import { lockStateRoot } from './state-lock.ts';
import { Server } from '../moby/api/server/server.ts';
import { ExperimentalMiddleware } from '../moby/api/server/middleware/experimental.ts';
import { VersionMiddleware } from '../moby/api/server/middleware/version.ts';
import { newRouter as newPluginRouter } from '../moby/api/server/router/plugin/plugin.ts';
import { newRouter as newSystemRouter } from '../moby/api/server/router/system/system.ts';
import { EventsService, logPluginEvent } from '../moby/daemon/events.ts';
import { systemVersion } from '../moby/daemon/info.ts';
import { Manager } from '../moby/plugin/manager.ts';
import { Store } from '../moby/plugin/store.ts';

/** The release dockhop ports, as the daemon announces it. */
export const SERVER_VERSION = '17.03.0-ce';
export const DEFAULT_API_VERSION = '1.26';
export const MIN_API_VERSION = '1.12';
/** The commit Docker's 17.03.0-ce release binaries report. */
export const GIT_COMMIT = '3a232c8';

/** One daemon log line, kept for the trace and printed by `serve`. */
export interface DaemonLogLine {
  level: 'debug' | 'error';
  message: string;
}

/** The ported daemon pieces wired together, as dockerd wires them. */
export interface Daemon {
  server: Server;
  manager: Manager;
  store: Store;
  events: EventsService;
  log: DaemonLogLine[];
  /** Releases the state root's lock; the daemon must not be used afterwards. */
  release(): Promise<void>;
}

/**
 * Starts the daemon's plugin side on a state root: the plugin store and
 * manager (which reloads plugins saved there), and the API server with the
 * middlewares dockerd installs (cmd/dockerd/daemon.go initMiddlewares):
 * experimental, then version. The authorization middleware, a pass-through
 * when no authz plugin is configured, is left out.
 */
export async function startDaemon(
  root: string,
  onLog: (line: DaemonLogLine) => void = () => undefined,
): Promise<Daemon> {
  const log: DaemonLogLine[] = [];
  const logger = {
    debug: (message: string) => record({ level: 'debug', message }),
    error: (message: string) => record({ level: 'error', message }),
  };

  function record(line: DaemonLogLine): void {
    log.push(line);
    onLog(line);
  }

  const release = await lockStateRoot(root);
  const store = new Store();
  const events = new EventsService();
  let manager: Manager;

  try {
    manager = await Manager.newManager({
      store,
      root,
      logPluginEvent: (id, name, action) => logPluginEvent(events, id, name, action),
      logger,
    });
  } catch (error) {
    await release();
    throw error;
  }

  const server = new Server(logger);
  server.useMiddleware(new ExperimentalMiddleware(false));
  server.useMiddleware(new VersionMiddleware(SERVER_VERSION, DEFAULT_API_VERSION, MIN_API_VERSION));
  const versionFacts = { version: SERVER_VERSION, gitCommit: GIT_COMMIT, minAPIVersion: MIN_API_VERSION, experimental: false };
  server.initRouter(newSystemRouter({ systemVersion: () => systemVersion(versionFacts) }), newPluginRouter(manager));

  return { server, manager, store, events, log, release };
}
