/**
 * `docker plugin create [OPTIONS] PLUGIN PLUGIN-DATA-DIR`: checks the name,
 * the directory and its config.json on the client side, then streams the
 * directory as a tar archive to the daemon.
 */

import { lstat, open } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import { Command } from '../../../../cobra/command.ts';
import { traced } from '../../../../explorer/tracing/span.ts';
import { Decoder } from '../../../../go/encoding/json/index.ts';
import { PathError } from '../../../../go/os/errors.ts';
import { pluginConfigSchema } from '../../../api/types/plugin.ts';
import { Compression, tarWithOptions } from '../../../pkg/archive/archive.ts';
import { parseNamed } from '../../../reference/reference.ts';
import { requiresMinArgs } from '../../required.ts';
import type { DockerCli } from '../cli.ts';

/** The arguments and flags of one `docker plugin create` run. */
export interface PluginCreateOptions {
  /** The plugin name exactly as typed. */
  repoName: string;
  /** The data directory exactly as typed. */
  context: string;
  compress: boolean;
}

/**
 * Checks that the name parses as a Docker reference; throws the parser's
 * error otherwise.
 *
 * @go cli/command/plugin/create.go:21-25
 */
export function validateTag(rawRepo: string): void {
  traced({ module: import.meta.url, function: 'validateTag', layer: 'cli' }, (span) => {
    span.setAttribute('dockhop.plugin.name', rawRepo);
    parseNamed(rawRepo);
  });
}

/**
 * Checks that `<dir>/config.json` opens and decodes as a PluginConfig. The
 * path is the directory as typed joined with `config.json` and cleaned, so
 * errors read `open dir/config.json: …`. Unknown JSON fields are ignored,
 * wrong types are rejected, and only the first JSON value is read.
 *
 * @go cli/command/plugin/create.go:28-39
 */
export async function validateConfig(path: string, cwd: string): Promise<void> {
  return traced({ module: import.meta.url, function: 'validateConfig', layer: 'cli' }, async (span) => {
    span.setAttribute('dockhop.cli.context_dir', path);

    // filepath.Join cleans the result, as posix.join does.
    const name = posix.join(path, 'config.json');
    let handle;

    try {
      handle = await open(resolve(cwd, name), 'r');
    } catch (error) {
      throw new PathError('open', name, error);
    }

    let bytes: Uint8Array;

    try {
      // Go's decoder reads the file as it goes. The whole file is read here
      // because Decoder takes bytes, and config.json files are small.
      bytes = await handle.readFile();
    } catch (error) {
      // Opening a directory succeeds in Go too, and its first read fails
      // with `read <name>: is a directory`.
      throw new PathError('read', name, error);
    } finally {
      await handle.close();
    }

    new Decoder(bytes).decode(pluginConfigSchema);
  });
}

/**
 * Resolves the directory against `cwd` and checks with `lstat` that it is
 * a directory, so a symbolic link to a directory is rejected. Returns the
 * absolute path. Go's `filepath.Abs` error is discarded, as in Docker.
 *
 * @go cli/command/plugin/create.go:42-55
 */
export async function validateContextDir(contextDir: string, cwd: string): Promise<string> {
  return traced(
    { module: import.meta.url, function: 'validateContextDir', layer: 'cli' },
    async (span) => {
      span.setAttribute('dockhop.cli.context_dir', contextDir);

      // filepath.Abs joins the working directory and cleans, as resolve does.
      const absContextDir = resolve(cwd, contextDir);
      let stat;

      try {
        stat = await lstat(absContextDir);
      } catch (error) {
        throw new PathError('lstat', absContextDir, error);
      }

      if (!stat.isDirectory()) {
        throw new Error('context must be a directory');
      }

      return absContextDir;
    },
  );
}

/**
 * Builds the `create` subcommand: at least two arguments and one flag,
 * `--compress`.
 *
 * @go cli/command/plugin/create.go:63-82
 */
export function newCreateCommand(dockerCli: DockerCli): Command {
  const compress = { value: false };

  const cmd = new Command({
    use: 'create [OPTIONS] PLUGIN PLUGIN-DATA-DIR',
    short:
      'Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.',
    args: requiresMinArgs(2),
    runE: (_cmd, args) => createRunE(dockerCli, args, compress.value),
  });

  cmd.flags().boolVarP(compress, 'compress', '', false, 'Compress the context using gzip');

  return cmd;
}

/**
 * Runs `create` with the positional arguments: the first is the plugin
 * name, the second the data directory, any further ones are ignored.
 *
 * @go cli/command/plugin/create.go:70-74
 */
export async function createRunE(dockerCli: DockerCli, args: string[], compress: boolean): Promise<void> {
  return traced({ module: import.meta.url, function: 'createRunE', layer: 'cli' }, async (span) => {
    span.setAttribute('dockhop.cli.args', args);

    const options: PluginCreateOptions = { repoName: args[0]!, context: args[1]!, compress };
    await runCreate(dockerCli, options);
  });
}

/**
 * Validates the name, the directory and its config.json, in that order,
 * then streams the directory as a tar archive (gzip with `--compress`) to
 * the daemon and prints the name as typed.
 *
 * @go cli/command/plugin/create.go:84-125
 */
export async function runCreate(dockerCli: DockerCli, options: PluginCreateOptions): Promise<void> {
  return traced({ module: import.meta.url, function: 'runCreate', layer: 'cli' }, async (span) => {
    span.setAttribute('dockhop.plugin.name', options.repoName);
    span.setAttribute('dockhop.cli.context_dir', options.context);
    span.setAttribute('dockhop.cli.compress', options.compress);

    validateTag(options.repoName);

    const absContextDir = await validateContextDir(options.context, dockerCli.cwd);

    await validateConfig(options.context, dockerCli.cwd);

    let compression: Compression = Compression.Uncompressed;

    if (options.compress) {
      dockerCli.logger.debugf('compression enabled');
      compression = Compression.Gzip;
    }

    // TarWithOptions logs through logrus, which here is the CLI's logger.
    const logger = dockerCli.logger;
    const createCtx = tarWithOptions(absContextDir, {
      compression,
      logger: { error: (message) => logger.errorf('%s', message), warn: (message) => logger.warnf('%s', message) },
    });
    const client = dockerCli.client();

    if (client === undefined) {
      // Docker initializes the client in the root's PersistentPreRunE.
      throw new Error('the API client is not initialized');
    }

    try {
      await client.pluginCreate(createCtx, { repoName: options.repoName });
    } catch (error) {
      // Stop walking the directory when the upload failed part way.
      createCtx.destroy();
      throw error;
    }

    dockerCli.out().write(options.repoName + '\n');
  });
}
