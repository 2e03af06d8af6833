/**
 * `docker plugin`: the group of plugin commands. Only `create` is ported.
 * The others are declared with Docker's use lines, descriptions, argument
 * checks and flags, so that help and usage errors match 17.03, but running
 * them fails.
 */

import { Command } from '../../../../cobra/command.ts';
import type { FlagSet } from '../../../../cobra/pflag.ts';
import { exactArgs, noArgs, requiresMinArgs, requiresRangeArgs } from '../../required.ts';
import type { DockerCli } from '../cli.ts';
import { newCreateCommand } from './create.ts';

/**
 * Builds `docker plugin` with its subcommands. Run without a subcommand it
 * prints its help on standard error.
 *
 * @go cli/command/plugin/cmd.go:10-31
 */
export function newPluginCommand(dockerCli: DockerCli): Command {
  const cmd = new Command({
    use: 'plugin',
    short: 'Manage plugins',
    args: noArgs,
    runE: (c, args) => dockerCli.showHelp(c, args),
  });

  cmd.addCommand(
    newDisableCommand(),
    newEnableCommand(),
    newInspectCommand(),
    newInstallCommand(dockerCli),
    newListCommand(),
    newRemoveCommand(),
    newSetCommand(),
    newPushCommand(dockerCli),
    newCreateCommand(dockerCli),
    newUpgradeCommand(dockerCli),
  );

  return cmd;
}

/** Fails a subcommand whose run function is not ported. */
function notPorted(cmd: Command): never {
  // TODO: port the run functions of the other plugin subcommands.
  throw new Error(`"${cmd.commandPath()}" is not ported yet: dockhop only runs "docker plugin create"`);
}

/** @go cli/command/plugin/disable.go:13-28 */
function newDisableCommand(): Command {
  const cmd = new Command({
    use: 'disable [OPTIONS] PLUGIN',
    short: 'Disable a plugin',
    args: exactArgs(1),
    runE: (c) => notPorted(c),
  });

  cmd.flags().boolVarP({ value: false }, 'force', 'f', false, 'Force the disable of an active plugin');
  return cmd;
}

/** @go cli/command/plugin/enable.go:18-34 */
function newEnableCommand(): Command {
  const cmd = new Command({
    use: 'enable [OPTIONS] PLUGIN',
    short: 'Enable a plugin',
    args: exactArgs(1),
    runE: (c) => notPorted(c),
  });

  cmd.flags().intVarP({ value: 0 }, 'timeout', '', 0, 'HTTP client timeout (in seconds)');
  return cmd;
}

/** @go cli/command/plugin/inspect.go:16-32 */
function newInspectCommand(): Command {
  const cmd = new Command({
    use: 'inspect [OPTIONS] PLUGIN [PLUGIN...]',
    short: 'Display detailed information on one or more plugins',
    args: requiresMinArgs(1),
    runE: (c) => notPorted(c),
  });

  cmd.flags().stringVarP({ value: '' }, 'format', 'f', '', 'Format the output using the given Go template');
  return cmd;
}

/**
 * Adds the flags `install` and `upgrade` share.
 *
 * @go cli/command/plugin/install.go:32-35
 */
function loadPullFlags(dockerCli: DockerCli, flags: FlagSet): void {
  flags.boolVarP(
    { value: false },
    'grant-all-permissions',
    '',
    false,
    'Grant all permissions necessary to run the plugin',
  );
  addTrustedFlags(dockerCli, flags, true);
}

/**
 * Adds `--disable-content-trust`, whose default follows `DOCKER_CONTENT_TRUST`.
 *
 * @go cli/command/trust.go:16-19
 */
function addTrustedFlags(dockerCli: DockerCli, flags: FlagSet, verify: boolean): void {
  const [trusted, message] = setupTrustedFlag(dockerCli.env, verify);
  flags.boolVarP({ value: false }, 'disable-content-trust', '', !trusted, message);
}

/**
 * Returns whether content trust is on (any `DOCKER_CONTENT_TRUST` value
 * except a false one) and the help text of the flag.
 *
 * @go cli/command/trust.go:21-33
 */
function setupTrustedFlag(env: NodeJS.ProcessEnv, verify: boolean): [boolean, string] {
  const value = env.DOCKER_CONTENT_TRUST ?? '';
  const falseSpellings = ['0', 'f', 'F', 'FALSE', 'false', 'False'];
  const trusted = value !== '' && !falseSpellings.includes(value);

  return [trusted, verify ? 'Skip image verification' : 'Skip image signing'];
}

/** @go cli/command/plugin/install.go:37-57 */
function newInstallCommand(dockerCli: DockerCli): Command {
  const cmd = new Command({
    use: 'install [OPTIONS] PLUGIN [KEY=VALUE...]',
    short: 'Install a plugin',
    args: requiresMinArgs(1),
    runE: (c) => notPorted(c),
  });

  const flags = cmd.flags();
  loadPullFlags(dockerCli, flags);
  flags.boolVarP({ value: false }, 'disable', '', false, 'Do not enable the plugin on install');
  flags.stringVarP({ value: '' }, 'alias', '', '', 'Local name for plugin');
  return cmd;
}

/** @go cli/command/plugin/list.go:20-38 */
function newListCommand(): Command {
  const cmd = new Command({
    use: 'ls [OPTIONS]',
    short: 'List plugins',
    aliases: ['list'],
    args: noArgs,
    runE: (c) => notPorted(c),
  });

  cmd.flags().boolVarP({ value: false }, 'no-trunc', '', false, "Don't truncate output");
  return cmd;
}

/** @go cli/command/plugin/remove.go:19-36 */
function newRemoveCommand(): Command {
  const cmd = new Command({
    use: 'rm [OPTIONS] PLUGIN [PLUGIN...]',
    short: 'Remove one or more plugins',
    aliases: ['remove'],
    args: requiresMinArgs(1),
    runE: (c) => notPorted(c),
  });

  cmd.flags().boolVarP({ value: false }, 'force', 'f', false, 'Force the removal of an active plugin');
  return cmd;
}

/** @go cli/command/plugin/set.go:11-22 */
function newSetCommand(): Command {
  return new Command({
    use: 'set PLUGIN KEY=VALUE [KEY=VALUE...]',
    short: 'Change settings for a plugin',
    args: requiresMinArgs(2),
    runE: (c) => notPorted(c),
  });
}

/** @go cli/command/plugin/push.go:17-32 */
function newPushCommand(dockerCli: DockerCli): Command {
  const cmd = new Command({
    use: 'push [OPTIONS] PLUGIN[:TAG]',
    short: 'Push a plugin to a registry',
    args: exactArgs(1),
    runE: (c) => notPorted(c),
  });

  addTrustedFlags(dockerCli, cmd.flags(), true);
  return cmd;
}

/** @go cli/command/plugin/upgrade.go:17-36 */
function newUpgradeCommand(dockerCli: DockerCli): Command {
  const cmd = new Command({
    use: 'upgrade [OPTIONS] PLUGIN [REMOTE]',
    short: 'Upgrade an existing plugin',
    args: requiresRangeArgs(1, 2),
    runE: (c) => notPorted(c),
  });

  const flags = cmd.flags();
  loadPullFlags(dockerCli, flags);
  flags.boolVarP(
    { value: false },
    'skip-remote-check',
    '',
    false,
    'Do not check if specified remote plugin matches existing plugin image',
  );
  return cmd;
}
