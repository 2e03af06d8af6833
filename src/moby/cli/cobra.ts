/**
 * Docker's setup of the cobra root command: its usage and help templates,
 * the flag-error handler and the `help` command. The templates of
 * `cli/cobra.go` are rendered by functions that produce the same text.
 */

import { Command, rpad, trimRightSpace } from '../../cobra/command.ts';
import { StatusError } from './error.ts';

/**
 * Installs Docker's templates, flag-error handler, help command and the
 * persistent `--help` flag (its `-h` shorthand still works but prints a
 * deprecation notice and is left out of the usage text).
 *
 * @go cli/cobra.go:12-25
 */
export function setupRootCommand(rootCmd: Command): void {
  rootCmd.setUsageTemplate(usageTemplate);
  rootCmd.setHelpTemplate(helpTemplate);
  rootCmd.setFlagErrorFunc(flagErrorFunc);
  rootCmd.setHelpCommand(newHelpCommand());

  rootCmd.persistentFlags().boolVarP({ value: false }, 'help', 'h', false, 'Print usage');
  rootCmd.persistentFlags().markShorthandDeprecated('help', 'please use --help');
}

/**
 * Turns a flag-parsing error into a StatusError with exit code 125. Its
 * text adds the `--help` hint and, for a command with subcommands, the
 * usage.
 *
 * @go cli/cobra.go:29-42
 */
export function flagErrorFunc(cmd: Command, error: unknown): unknown {
  if (error === undefined || error === null) {
    return error;
  }

  const message = error instanceof Error ? error.message : String(error);
  const usage = cmd.hasSubCommands() ? '\n\n' + cmd.usageString() : '';

  return new StatusError(`${message}\nSee '${cmd.commandPath()} --help'.${usage}`, 125);
}

/**
 * Builds `docker help [command]`, which prints the help of the command
 * named by its arguments.
 *
 * @go cli/cobra.go:44-59
 */
function newHelpCommand(): Command {
  return new Command({
    use: 'help [command]',
    short: 'Help about the command',
    persistentPreRun: () => undefined,
    persistentPostRun: () => undefined,
    runE: async (c, args) => {
      const found = c.root().find(args);

      if (found.error !== undefined || found.args.length > 0) {
        throw new Error(`unknown help topic: ${found.args.join(' ')}`);
      }

      await found.command.helpFunc()(found.command, found.args);
    },
  });
}

/** @go cli/cobra.go:61-63 */
function hasSubCommands(cmd: Command): boolean {
  return operationSubCommands(cmd).length > 0;
}

/** @go cli/cobra.go:65-67 */
function hasManagementSubCommands(cmd: Command): boolean {
  return managementSubCommands(cmd).length > 0;
}

/**
 * Returns the listed children that have no subcommands of their own.
 *
 * @go cli/cobra.go:69-77
 */
function operationSubCommands(cmd: Command): Command[] {
  return cmd.commands().filter((sub) => sub.isAvailableCommand() && !sub.hasSubCommands());
}

/**
 * Returns the listed children that group subcommands, such as `plugin`.
 *
 * @go cli/cobra.go:79-87
 */
function managementSubCommands(cmd: Command): Command[] {
  return cmd.commands().filter((sub) => sub.isAvailableCommand() && sub.hasSubCommands());
}

/**
 * Renders Docker's usage template: a tab after `Usage:`, the short text,
 * `Options:`, then `Management Commands:` and `Commands:` lists.
 *
 * @go cli/cobra.go:89-136
 */
export function usageTemplate(cmd: Command): string {
  let out = 'Usage:';

  out += cmd.hasSubCommands() ? `\t${cmd.commandPath()} COMMAND` : `\t${cmd.useLine()}`;
  out += `\n\n${cmd.short.trim()}`;

  if (cmd.aliases.length > 0) {
    out += `\n\nAliases:\n  ${cmd.nameAndAliases()}`;
  }

  if (cmd.hasExample()) {
    out += `\n\nExamples:\n${cmd.example}`;
  }

  if (cmd.hasFlags()) {
    out += `\n\nOptions:\n${trimRightSpace(cmd.flags().flagUsages())}`;
  }

  if (hasManagementSubCommands(cmd)) {
    out += '\n\nManagement Commands:';

    for (const sub of managementSubCommands(cmd)) {
      out += `\n  ${rpad(sub.name(), sub.namePadding())} ${sub.short}`;
    }
  }

  if (hasSubCommands(cmd)) {
    out += '\n\nCommands:';

    for (const sub of operationSubCommands(cmd)) {
      out += `\n  ${rpad(sub.name(), sub.namePadding())} ${sub.short}`;
    }
  }

  if (cmd.hasSubCommands()) {
    out += `\n\nRun '${cmd.commandPath()} COMMAND --help' for more information on a command.`;
  }

  return out + '\n';
}

/**
 * Renders Docker's help template: a blank line, then the usage of a
 * command that can run or has subcommands.
 *
 * @go cli/cobra.go:138-139
 */
export function helpTemplate(cmd: Command): string {
  return '\n' + (cmd.runnable() || cmd.hasSubCommands() ? cmd.usageString() : '');
}
