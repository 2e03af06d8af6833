/**
 * Docker's positional-argument validators for cobra commands. Each error
 * names the command, points at its `--help` and repeats the usage line and
 * short description.
 */

import type { Command, PositionalArgs } from '../../cobra/command.ts';
import { traced } from '../../explorer/tracing/span.ts';

/**
 * Rejects any argument. For a command with subcommands the error message
 * is its usage text, so `docker plugin foo` lists the plugin commands.
 *
 * @go cli/required.go:11-27
 */
export function noArgs(cmd: Command, args: string[]): void {
  if (args.length === 0) {
    return;
  }

  if (cmd.hasSubCommands()) {
    throw new Error('\n' + cmd.usageString().replace(/\n+$/, ''));
  }

  throw new Error(
    `"${cmd.commandPath()}" accepts no argument(s).\n` + seeHelpAndUsage(cmd),
  );
}

/**
 * Returns a validator that requires at least `min` arguments.
 *
 * @go cli/required.go:30-44
 */
export function requiresMinArgs(min: number): PositionalArgs {
  return (cmd, args) => checkMinArgs(cmd, args, min);
}

/**
 * Throws Docker's usage error when fewer than `min` arguments were given.
 * This is the closure that `RequiresMinArgs` returns, kept at top level so
 * that its span can find it.
 *
 * @go cli/required.go:31-43
 */
export function checkMinArgs(cmd: Command, args: string[], min: number): void {
  traced({ module: import.meta.url, function: 'checkMinArgs', layer: 'cli' }, (span) => {
    span.setAttribute('dockhop.cli.command', cmd.commandPath());
    span.setAttribute('dockhop.cli.arg_count', args.length);

    if (args.length >= min) {
      return;
    }

    throw new Error(
      `"${cmd.commandPath()}" requires at least ${min} argument(s).\n` + seeHelpAndUsage(cmd),
    );
  });
}

/**
 * Returns a validator that allows at most `max` arguments.
 *
 * @go cli/required.go:47-61
 */
export function requiresMaxArgs(max: number): PositionalArgs {
  return (cmd, args) => {
    if (args.length <= max) {
      return;
    }

    throw new Error(
      `"${cmd.commandPath()}" requires at most ${max} argument(s).\n` + seeHelpAndUsage(cmd),
    );
  };
}

/**
 * Returns a validator that requires between `min` and `max` arguments.
 *
 * @go cli/required.go:64-79
 */
export function requiresRangeArgs(min: number, max: number): PositionalArgs {
  return (cmd, args) => {
    if (args.length >= min && args.length <= max) {
      return;
    }

    throw new Error(
      `"${cmd.commandPath()}" requires at least ${min} and at most ${max} argument(s).\n` +
        seeHelpAndUsage(cmd),
    );
  };
}

/**
 * Returns a validator that requires exactly `count` arguments.
 *
 * @go cli/required.go:82-96
 */
export function exactArgs(count: number): PositionalArgs {
  return (cmd, args) => {
    if (args.length === count) {
      return;
    }

    throw new Error(
      `"${cmd.commandPath()}" requires exactly ${count} argument(s).\n` + seeHelpAndUsage(cmd),
    );
  };
}

/** Returns the tail these messages share: the help hint, usage line and short text. */
function seeHelpAndUsage(cmd: Command): string {
  return `See '${cmd.commandPath()} --help'.\n\nUsage:  ${cmd.useLine()}\n\n${cmd.short}`;
}
