/**
 * The `docker` binary of Docker 17.03: the root command with its global
 * flags (`cli/flags`), and `main`, which runs it and turns errors into
 * stderr text and an exit code.
 *
 * Only the `plugin` command group exists in this port. Docker 17.03 also
 * adds container, image, network, swarm and other groups, which are not
 * ported, so `docker --help` lists only `plugin`, the one group that can
 * run. The hidden `docker daemon` command is not ported either.
 */

import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { posix } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Command } from '../../../cobra/command.ts';
import type { FlagSet, Ref, Value } from '../../../cobra/pflag.ts';
import { traced } from '../../../explorer/tracing/span.ts';
import { Level, Logger, parseLevel, TextFormatter } from '../../../logrus/logrus.ts';
import { lessThan } from '../../api/types/versions/compare.ts';
import { DockerCli, DOCKER_VERSION, validateHost, type ClientFactory } from '../../cli/command/cli.ts';
import { newPluginCommand } from '../../cli/command/plugin/cmd.ts';
import { setupRootCommand } from '../../cli/cobra.ts';
import { StatusError } from '../../cli/error.ts';

/** Git commit that Docker's 17.03.0-ce release binaries report. */
const GIT_COMMIT = '3a232c8';

const DEFAULT_CA_FILE = 'ca.pem';
const DEFAULT_CERT_FILE = 'cert.pem';
const DEFAULT_KEY_FILE = 'key.pem';
const FLAG_TLS_VERIFY = 'tlsverify';

/** Files for a TLS connection to the daemon (`tlsconfig.Options`). */
export interface TLSOptions {
  caFile: string;
  certFile: string;
  keyFile: string;
  insecureSkipVerify: boolean;
}

/** Global options shared by the client and the daemon (`cli/flags.CommonOptions`). */
export interface CommonOptions {
  debug: boolean;
  hosts: string[];
  logLevel: string;
  tls: boolean;
  tlsVerify: boolean;
  tlsOptions: TLSOptions | undefined;
  trustKey: string;
}

/** The client's global options (`cli/flags.ClientOptions`). */
export interface ClientOptions {
  common: CommonOptions;
  configDir: string;
  version: boolean;
}

/** The streams, environment and collaborators one run of {@link main} uses. */
export interface MainIO {
  stdout: Writable;
  stderr: Writable;
  stdin?: Readable;
  env: NodeJS.ProcessEnv;
  /** Working directory for relative paths; defaults to the process's. */
  cwd?: string;
  /** Creates the API client; defaults to the real HTTP client. */
  clientFactory?: ClientFactory;
}

/** Thrown where Go calls `os.Exit` in the middle of a command. */
class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit status ${code}`);
  }
}

/**
 * Runs the docker CLI on `args` (without the program name) and returns the
 * exit code: 0 on success, a StatusError's code (1 when it is 0), else 1.
 * Errors are printed on `io.stderr`. Log timestamps come from
 * `SOURCE_DATE_EPOCH` (seconds, printed in UTC) when it is set.
 *
 * @go cmd/docker/docker.go:96-119
 */
export async function main(args: string[], io: MainIO): Promise<number> {
  return traced(
    { module: import.meta.url, function: 'main', layer: 'cli', attributes: { 'dockhop.cli.args': args } },
    async (span) => {
      const logger = newLogger(io);
      const dockerCli = new DockerCli(io.stdin, io.stdout, io.stderr, {
        env: io.env,
        cwd: io.cwd ?? process.cwd(),
        logger,
        clientFactory: io.clientFactory,
      });

      const cmd = newDockerCommand(dockerCli);
      cmd.streams = { stdout: io.stdout, stderr: io.stderr };
      cmd.setArgs(args);

      const code = await exitCodeOf(cmd, io.stderr);
      span.setAttribute('dockhop.cli.exit_code', code);
      return code;
    },
  );
}

/** Executes the root command and maps its outcome to an exit code, as Go's main does. */
async function exitCodeOf(cmd: Command, stderr: Writable): Promise<number> {
  try {
    await cmd.execute();
    return 0;
  } catch (error) {
    if (error instanceof ExitRequest) {
      return error.code;
    }

    if (error instanceof StatusError) {
      if (error.status !== '') {
        stderr.write(error.status + '\n');
      }

      // A StatusError always means failure, so a zero code still exits 1.
      return error.statusCode === 0 ? 1 : error.statusCode;
    }

    stderr.write(messageOf(error) + '\n');
    return 1;
  }
}

/**
 * Creates the logger Docker's code logs through: logrus's text format on
 * standard error, at info level until the flags are read.
 */
function newLogger(io: MainIO): Logger {
  const epoch = io.env.SOURCE_DATE_EPOCH;
  const fixed = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;

  return new Logger({
    out: io.stderr,
    level: Level.Info,
    formatter: new TextFormatter({ utc: fixed !== undefined }),
    now: fixed === undefined ? () => new Date() : () => fixed,
  });
}

/**
 * Builds the root command: global flags, the help function that sets up
 * the client before printing, and the subcommands.
 *
 * @go cmd/docker/docker.go:22-86
 */
export function newDockerCommand(dockerCli: DockerCli): Command {
  const opts = newClientOptions();
  const env = dockerCli.env;

  const cmd: Command = new Command({
    use: 'docker [OPTIONS] COMMAND [ARG...]',
    short: 'A self-sufficient runtime for containers',
    silenceUsage: true,
    silenceErrors: true,
    traverseChildren: true,
    args: noArgs,
    runE: async (c, args) => {
      if (opts.version) {
        showVersion(dockerCli);
        return;
      }

      await dockerCli.showHelp(c, args);
    },
    persistentPreRunE: async (c) => {
      // `docker daemon` hands over to dockerd (not ported).
      if (c.name() === 'daemon') {
        return;
      }

      // The root's own flag set: the one the global flags were parsed into.
      setDefaultOptions(opts.common, cmd.flags());
      dockerPreRun(opts, dockerCli);
      await dockerCli.initialize(opts);
      isSupported(c, dockerCli.client()!.clientVersion(), dockerCli.hasExperimental());
    },
  });

  setupRootCommand(cmd);

  cmd.setHelpFunc(async (ccmd) => {
    // With --help the pre-run hook does not run, so set up the client here.
    if (dockerCli.client() === undefined) {
      setDefaultOptions(opts.common, cmd.flags());
      dockerPreRun(opts, dockerCli);

      try {
        await dockerCli.initialize(opts);
      } catch {
        // Docker ignores this error and prints the help anyway.
      }
    }

    const clientVersion = dockerCli.client()?.clientVersion() ?? '';

    try {
      isSupported(ccmd, clientVersion, dockerCli.hasExperimental());
    } catch (error) {
      ccmd.println(messageOf(error));
      return;
    }

    hideUnsupportedFeatures(ccmd, clientVersion, dockerCli.hasExperimental());
    ccmd.help();
  });

  const flags = cmd.flags();
  flags.boolVarP(bind(opts, 'version'), 'version', 'v', false, 'Print version information and quit');
  flags.stringVarP(bind(opts, 'configDir'), 'config', '', configDir(env), 'Location of client config files');
  installFlags(opts.common, flags, env);

  cmd.setOutput(dockerCli.out());
  cmd.addCommand(newPluginCommand(dockerCli));

  return cmd;
}

/**
 * Rejects arguments to the bare `docker` command: the first word named no
 * known command.
 *
 * @go cmd/docker/docker.go:88-94
 */
function noArgs(_cmd: Command, args: string[]): void {
  if (args.length === 0) {
    return;
  }

  throw new Error(`docker: '${args[0]}' is not a docker command.\nSee 'docker --help'`);
}

/**
 * Prints the version line. Go prints it on the process's stdout, which is
 * the CLI's output stream.
 *
 * @go cmd/docker/docker.go:121-123
 */
function showVersion(dockerCli: DockerCli): void {
  dockerCli.out().write(`Docker version ${DOCKER_VERSION}, build ${GIT_COMMIT}\n`);
}

/**
 * Applies the log level flags: `-l` first, then `-D`, which always means
 * debug.
 *
 * @go cmd/docker/docker.go:125-135
 */
function dockerPreRun(opts: ClientOptions, dockerCli: DockerCli): void {
  setLogLevel(opts.common.logLevel, dockerCli);

  // NOTE: Docker also points cliconfig at --config here. The port reads no
  // config file, so the flag is parsed and otherwise ignored.

  if (opts.common.debug) {
    // NOTE: utils.EnableDebug also sets DEBUG=1 in the process environment;
    // the port changes no process state.
    dockerCli.logger.setLevel(Level.Debug);
  }
}

/**
 * Hides flags and subcommands that need an experimental daemon or a newer
 * API version than the client speaks.
 *
 * @go cmd/docker/docker.go:137-166
 */
function hideUnsupportedFeatures(cmd: Command, clientVersion: string, hasExperimental: boolean): void {
  cmd.flags().visitAll((flag) => {
    if (!hasExperimental && flag.annotations.has('experimental')) {
      flag.hidden = true;
    }

    const flagVersion = flag.annotations.get('version');

    if (flagVersion !== undefined && flagVersion.length === 1 && lessThan(clientVersion, flagVersion[0]!)) {
      flag.hidden = true;
    }
  });

  for (const subcmd of cmd.commands()) {
    if (!hasExperimental && 'experimental' in subcmd.tags) {
      subcmd.hidden = true;
    }

    const subcmdVersion = subcmd.tags.version;

    if (subcmdVersion !== undefined && lessThan(clientVersion, subcmdVersion)) {
      subcmd.hidden = true;
    }
  }
}

/**
 * Throws when the command needs an experimental daemon or a newer API
 * version than the client speaks.
 *
 * @go cmd/docker/docker.go:168-180
 */
function isSupported(cmd: Command, clientVersion: string, hasExperimental: boolean): void {
  if (!hasExperimental && 'experimental' in cmd.tags) {
    throw new Error('only supported with experimental daemon');
  }

  const cmdVersion = cmd.tags.version;

  if (cmdVersion !== undefined && lessThan(clientVersion, cmdVersion)) {
    throw new Error(`only supported with daemon version >= ${cmdVersion}`);
  }
}

/** @go cli/flags/client.go:11-13 */
export function newClientOptions(): ClientOptions {
  return {
    common: {
      debug: false,
      hosts: [],
      logLevel: '',
      tls: false,
      tlsVerify: false,
      tlsOptions: undefined,
      trustKey: '',
    },
    configDir: '',
    version: false,
  };
}

/**
 * Defines the global flags: `-D`, `-l`, the TLS flags and `-H`. Defaults
 * come from `DOCKER_CERT_PATH` and `DOCKER_TLS_VERIFY`.
 *
 * @go cli/flags/common.go:50-74
 */
export function installFlags(common: CommonOptions, flags: FlagSet, env: NodeJS.ProcessEnv): void {
  const dockerCertPath = env.DOCKER_CERT_PATH || configDir(env);
  const dockerTLSVerify = (env.DOCKER_TLS_VERIFY ?? '') !== '';

  flags.boolVarP(bind(common, 'debug'), 'debug', 'D', false, 'Enable debug mode');
  flags.stringVarP(
    bind(common, 'logLevel'),
    'log-level',
    'l',
    'info',
    'Set the logging level ("debug", "info", "warn", "error", "fatal")',
  );
  flags.boolVarP(bind(common, 'tls'), 'tls', '', false, 'Use TLS; implied by --tlsverify');
  flags.boolVarP(bind(common, 'tlsVerify'), FLAG_TLS_VERIFY, '', dockerTLSVerify, 'Use TLS and verify the remote');

  const tlsOptions: TLSOptions = {
    caFile: posix.join(dockerCertPath, DEFAULT_CA_FILE),
    certFile: posix.join(dockerCertPath, DEFAULT_CERT_FILE),
    keyFile: posix.join(dockerCertPath, DEFAULT_KEY_FILE),
    insecureSkipVerify: false,
  };
  common.tlsOptions = tlsOptions;

  flags.varPF(new QuotedString(bind(tlsOptions, 'caFile')), 'tlscacert', '', 'Trust certs signed only by this CA');
  flags.varPF(new QuotedString(bind(tlsOptions, 'certFile')), 'tlscert', '', 'Path to TLS certificate file');
  flags.varPF(new QuotedString(bind(tlsOptions, 'keyFile')), 'tlskey', '', 'Path to TLS key file');

  flags.varPF(new ListOpts(common.hosts, validateHost), 'host', 'H', 'Daemon socket(s) to connect to');
}

/**
 * Finishes the TLS settings after parsing: `--tlsverify` (given at all, or
 * on through the environment) turns TLS on, and without TLS there are no
 * TLS options. Default certificate and key files that do not exist are
 * dropped.
 *
 * @go cli/flags/common.go:78-106
 */
export function setDefaultOptions(common: CommonOptions, flags: FlagSet): void {
  if (flags.changed(FLAG_TLS_VERIFY) || common.tlsVerify) {
    common.tls = true;
  }

  if (!common.tls) {
    common.tlsOptions = undefined;
    return;
  }

  const tlsOptions = common.tlsOptions;

  if (tlsOptions === undefined) {
    return;
  }

  tlsOptions.insecureSkipVerify = !common.tlsVerify;

  if (!flags.changed('tlscert') && isNotExist(tlsOptions.certFile)) {
    tlsOptions.certFile = '';
  }

  if (!flags.changed('tlskey') && isNotExist(tlsOptions.keyFile)) {
    tlsOptions.keyFile = '';
  }
}

/**
 * Sets the logger's level from `-l`. An unknown level prints a message and
 * exits 1, as Docker calls `os.Exit(1)` here.
 *
 * @go cli/flags/common.go:109-120
 */
function setLogLevel(logLevel: string, dockerCli: DockerCli): void {
  if (logLevel === '') {
    dockerCli.logger.setLevel(Level.Info);
    return;
  }

  try {
    dockerCli.logger.setLevel(parseLevel(logLevel));
  } catch {
    dockerCli.err().write(`Unable to parse logging level: ${logLevel}\n`);
    throw new ExitRequest(1);
  }
}

/**
 * A repeatable flag that appends each value after checking it, shown as
 * `list` in usage (`opts.ListOpts`).
 */
class ListOpts implements Value {
  constructor(
    private readonly values: string[],
    private readonly validator: (value: string) => string,
  ) {}

  /** @go opts/opts.go:38-40 */
  string(): string {
    return `[${this.values.join(' ')}]`;
  }

  /** @go opts/opts.go:44-54 */
  set(value: string): void {
    this.values.push(this.validator(value));
  }

  /** @go opts/opts.go:107-109 */
  type(): string {
    return 'list';
  }
}

/** A string flag whose value loses one pair of surrounding quotes (`opts.QuotedString`). */
class QuotedString implements Value {
  constructor(private readonly ref: Ref<string>) {}

  /** @go opts/quotedstring.go:10-13 */
  set(value: string): void {
    this.ref.value = trimQuotes(value);
  }

  /** @go opts/quotedstring.go:16-18 */
  type(): string {
    return 'string';
  }

  /** @go opts/quotedstring.go:20-22 */
  string(): string {
    return this.ref.value;
  }
}

/**
 * Removes one pair of matching single or double quotes around a value.
 *
 * @go opts/quotedstring.go:24-32
 */
function trimQuotes(value: string): string {
  // NOTE: Go indexes value[0] and panics on an empty value (`--tlscacert=`).
  // The port returns the empty value instead.
  if (value === '') {
    return value;
  }

  const last = value.length - 1;

  for (const quote of ["'", '"']) {
    if (value[0] === quote && value[last] === quote) {
      return value.slice(1, last);
    }
  }

  return value;
}

/**
 * Returns the client configuration directory: `DOCKER_CONFIG`, else
 * `$HOME/.docker`.
 *
 * @go cliconfig/config.go:25-29
 */
function configDir(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.DOCKER_CONFIG ?? '';

  if (fromEnv !== '') {
    return fromEnv;
  }

  return posix.join(homeDir(env), '.docker');
}

/**
 * Returns `HOME`, else the current user's home directory from the system.
 *
 * @go pkg/homedir/homedir.go:22-30
 */
function homeDir(env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? '';

  if (home !== '') {
    return home;
  }

  try {
    return userInfo().homedir;
  } catch {
    return home;
  }
}

/** Reports whether `path` does not exist, like Go's `os.Stat` plus `os.IsNotExist`. */
function isNotExist(path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Returns a {@link Ref} that reads and writes one property of an object. */
function bind<T, K extends keyof T>(target: T, key: K): Ref<T[K]> {
  return {
    get value(): T[K] {
      return target[key];
    },
    set value(next: T[K]) {
      target[key] = next;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
