/**
 * A port of the command framework github.com/spf13/cobra as Docker 17.03
 * vendors it (dnephin's fork of v1.5, with `Args` validators and
 * `TraverseChildren`). Go's text/template usage and help templates become
 * TypeScript functions that render the same text from a command.
 *
 * Errors that Go returns are thrown here. `Command.execute` rejects with
 * the error the run functions or the flag parser produced.
 */

import { ErrHelp, FlagSet, StringWriter, type Flag, type Writer } from './pflag.ts';
import { goQuote as quote } from '../go/strconv/quote.ts';

/** Checks a command's positional arguments and throws when they do not fit. */
export type PositionalArgs = (cmd: Command, args: string[]) => void;

/** A run hook. It may return a promise; a rejection aborts the command. */
export type RunFunc = (cmd: Command, args: string[]) => void | Promise<void>;

/** Renders usage or help text for a command, in place of a Go template. */
export type Template = (cmd: Command) => string;

/** The standard output and error streams a root command falls back to. */
export interface Streams {
  stdout: Writer;
  stderr: Writer;
}

/** The fields a command is declared with, as in Go's `cobra.Command{…}` literal. */
export interface CommandSpec {
  use: string;
  aliases?: string[];
  short?: string;
  long?: string;
  example?: string;
  args?: PositionalArgs;
  deprecated?: string;
  hidden?: boolean;
  tags?: Record<string, string>;
  silenceErrors?: boolean;
  silenceUsage?: boolean;
  traverseChildren?: boolean;
  disableFlagParsing?: boolean;
  persistentPreRun?: RunFunc;
  persistentPreRunE?: RunFunc;
  preRunE?: RunFunc;
  run?: RunFunc;
  runE?: RunFunc;
  postRunE?: RunFunc;
  persistentPostRun?: RunFunc;
  persistentPostRunE?: RunFunc;
}

/** Minimum width of the name column in command lists. */
const MIN_NAME_PADDING = 11;

/** A command in a tree of commands, with its flags and run hooks. */
export class Command {
  use: string;
  aliases: string[];
  short: string;
  long: string;
  example: string;
  args: PositionalArgs | undefined;
  deprecated: string;
  hidden: boolean;
  tags: Record<string, string>;
  silenceErrors: boolean;
  silenceUsage: boolean;
  traverseChildren: boolean;
  disableFlagParsing: boolean;
  persistentPreRun: RunFunc | undefined;
  persistentPreRunE: RunFunc | undefined;
  preRunE: RunFunc | undefined;
  run: RunFunc | undefined;
  runE: RunFunc | undefined;
  postRunE: RunFunc | undefined;
  persistentPostRun: RunFunc | undefined;
  persistentPostRunE: RunFunc | undefined;
  /** Fallback streams of a root command; Go uses the process's own. */
  streams: Streams | undefined;

  private parentCommand: Command | undefined;
  private children: Command[] = [];
  private commandsAreSorted = false;
  private commandsMaxNameLen = 0;
  private flagSet: FlagSet | undefined;
  private persistentFlagSet: FlagSet | undefined;
  private localFlagSet: FlagSet | undefined;
  private readonly flagErrorBuf = new StringWriter();
  private argsOverride: string[] | undefined;
  private output: Writer | undefined;
  private usageTemplateFn: Template | undefined;
  private helpTemplateFn: Template | undefined;
  private helpFn: RunFunc | undefined;
  private flagErrorFn: ((cmd: Command, error: unknown) => unknown) | undefined;
  private helpCommand: Command | undefined;

  constructor(spec: CommandSpec) {
    this.use = spec.use;
    this.aliases = spec.aliases ?? [];
    this.short = spec.short ?? '';
    this.long = spec.long ?? '';
    this.example = spec.example ?? '';
    this.args = spec.args;
    this.deprecated = spec.deprecated ?? '';
    this.hidden = spec.hidden ?? false;
    this.tags = spec.tags ?? {};
    this.silenceErrors = spec.silenceErrors ?? false;
    this.silenceUsage = spec.silenceUsage ?? false;
    this.traverseChildren = spec.traverseChildren ?? false;
    this.disableFlagParsing = spec.disableFlagParsing ?? false;
    this.persistentPreRun = spec.persistentPreRun;
    this.persistentPreRunE = spec.persistentPreRunE;
    this.preRunE = spec.preRunE;
    this.run = spec.run;
    this.runE = spec.runE;
    this.postRunE = spec.postRunE;
    this.persistentPostRun = spec.persistentPostRun;
    this.persistentPostRunE = spec.persistentPostRunE;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:142-144 */
  setArgs(args: string[]): void {
    this.argsOverride = args;
  }

  /**
   * Returns where usage and error messages go: this command's output, else
   * its parent's, else the root's standard error.
   *
   * @go vendor/github.com/spf13/cobra/command.go:157-159
   */
  out(): Writer {
    return this.getOut((streams) => streams.stderr);
  }

  /** @go vendor/github.com/spf13/cobra/command.go:161-163 */
  getOutOrStdout(): Writer {
    return this.getOut((streams) => streams.stdout);
  }

  /** @go vendor/github.com/spf13/cobra/command.go:146-155 */
  private getOut(fallback: (streams: Streams) => Writer): Writer {
    if (this.output !== undefined) {
      return this.output;
    }

    if (this.parentCommand !== undefined) {
      return this.parentCommand.out();
    }

    return fallback(this.streams ?? { stdout: process.stdout, stderr: process.stderr });
  }

  /** @go vendor/github.com/spf13/cobra/command.go:167-169 */
  setOutput(output: Writer | undefined): void {
    this.output = output;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:177-179 */
  setUsageTemplate(template: Template): void {
    this.usageTemplateFn = template;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:183-185 */
  setFlagErrorFunc(fn: (cmd: Command, error: unknown) => unknown): void {
    this.flagErrorFn = fn;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:188-190 */
  setHelpFunc(fn: RunFunc): void {
    this.helpFn = fn;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:192-194 */
  setHelpCommand(cmd: Command): void {
    this.helpCommand = cmd;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:197-199 */
  setHelpTemplate(template: Template): void {
    this.helpTemplateFn = template;
  }

  /**
   * Returns the help function set on this command or the nearest ancestor,
   * else one that prints {@link Command.help} of this command.
   *
   * @go vendor/github.com/spf13/cobra/command.go:232-246
   */
  helpFunc(): RunFunc {
    for (let cmd: Command | undefined = this; cmd !== undefined; cmd = cmd.parentCommand) {
      if (cmd.helpFn !== undefined) {
        return cmd.helpFn;
      }
    }

    return () => this.help();
  }

  /**
   * Returns the flag-error function of this command or the nearest
   * ancestor. The default returns the error unchanged.
   *
   * @go vendor/github.com/spf13/cobra/command.go:251-262
   */
  flagErrorFunc(): (cmd: Command, error: unknown) => unknown {
    if (this.flagErrorFn !== undefined) {
      return this.flagErrorFn;
    }

    if (this.parentCommand !== undefined) {
      return this.parentCommand.flagErrorFunc();
    }

    return (_cmd, error) => error;
  }

  /**
   * Returns the width of the name column when the parent lists its
   * commands: the maximum sibling name length, at least 11.
   *
   * @go vendor/github.com/spf13/cobra/command.go:285-290
   */
  namePadding(): number {
    const parent = this.parentCommand;

    if (parent === undefined || MIN_NAME_PADDING > parent.commandsMaxNameLen) {
      return MIN_NAME_PADDING;
    }

    return parent.commandsMaxNameLen;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:292-325 */
  usageTemplate(): Template {
    if (this.usageTemplateFn !== undefined) {
      return this.usageTemplateFn;
    }

    if (this.parentCommand !== undefined) {
      return this.parentCommand.usageTemplate();
    }

    return defaultUsageTemplate;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:327-338 */
  helpTemplate(): Template {
    if (this.helpTemplateFn !== undefined) {
      return this.helpTemplateFn;
    }

    if (this.parentCommand !== undefined) {
      return this.parentCommand.helpTemplate();
    }

    return defaultHelpTemplate;
  }

  /**
   * Finds the command named by the leading words of `args`, skipping flags,
   * without parsing any flag.
   *
   * @go vendor/github.com/spf13/cobra/command.go:428-450
   */
  find(args: string[]): { command: Command; args: string[]; error?: unknown } {
    const innerFind = (cmd: Command, innerArgs: string[]): [Command, string[]] => {
      const argsWithoutFlags = stripFlags(innerArgs, cmd);

      if (argsWithoutFlags.length === 0) {
        return [cmd, innerArgs];
      }

      const nextSubCmd = argsWithoutFlags[0]!;
      const next = cmd.findNext(nextSubCmd);

      if (next !== undefined) {
        return innerFind(next, argsMinusFirstX(innerArgs, nextSubCmd));
      }

      return [cmd, innerArgs];
    };

    const [found, rest] = innerFind(this, args);

    if (found.args === undefined) {
      try {
        legacyArgs(found, stripFlags(rest, found));
      } catch (error) {
        return { command: found, args: rest, error };
      }
    }

    return { command: found, args: rest };
  }

  /** @go vendor/github.com/spf13/cobra/command.go:452-467 */
  private findNext(next: string): Command | undefined {
    for (const cmd of this.children) {
      if (cmd.name() === next || cmd.aliases.includes(next)) {
        return cmd;
      }
    }

    // Prefix matching (EnablePrefixMatching) is off in Docker and not ported.
    return undefined;
  }

  /**
   * Walks down the tree along the leading command names of `args`, parsing
   * each ancestor's flags that precede the next name with that ancestor's
   * flag set. Returns the last command found and its remaining arguments.
   *
   * @go vendor/github.com/spf13/cobra/command.go:471-510
   */
  traverse(args: string[]): { command: Command; args: string[] } {
    const flags: string[] = [];
    let inFlag = false;

    for (const [i, arg] of args.entries()) {
      if (arg.startsWith('--') && !arg.includes('=')) {
        // A long flag whose value may be the next argument. Like cobra, this
        // looks only at the flags declared on this command so far.
        inFlag = !isBooleanFlag(arg.slice(2), this.flags());
        flags.push(arg);
        continue;
      }

      if (
        arg.startsWith('-') &&
        !arg.includes('=') &&
        arg.length === 2 &&
        !isBooleanShortFlag(arg.slice(1), this.flags())
      ) {
        inFlag = true;
        flags.push(arg);
        continue;
      }

      if (inFlag) {
        inFlag = false;
        flags.push(arg);
        continue;
      }

      if (isFlagArg(arg)) {
        flags.push(arg);
        continue;
      }

      const next = this.findNext(arg);

      if (next === undefined) {
        return { command: this, args };
      }

      this.parseFlags(flags);
      return next.traverse(args.slice(i + 1));
    }

    return { command: this, args };
  }

  /**
   * Returns the suggestion block appended to "unknown command" errors.
   *
   * @go vendor/github.com/spf13/cobra/command.go:512-527
   */
  findSuggestions(arg: string): string {
    const suggestions = this.suggestionsFor(arg);

    if (suggestions.length === 0) {
      return '';
    }

    return '\n\nDid you mean this?\n' + suggestions.map((s) => `\t${s}\n`).join('');
  }

  /** @go vendor/github.com/spf13/cobra/command.go:529-547 */
  private suggestionsFor(typedName: string): string[] {
    const minimumDistance = 2;
    const suggestions: string[] = [];

    for (const cmd of this.children) {
      if (!cmd.isAvailableCommand()) {
        continue;
      }

      const distance = levenshtein(typedName.toLowerCase(), cmd.name().toLowerCase());
      const byPrefix = cmd.name().toLowerCase().startsWith(typedName.toLowerCase());

      if (distance <= minimumDistance || byPrefix) {
        suggestions.push(cmd.name());
      }
    }

    return suggestions;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:564-575 */
  root(): Command {
    let cmd: Command = this;

    while (cmd.parentCommand !== undefined) {
      cmd = cmd.parentCommand;
    }

    return cmd;
  }

  /**
   * Parses flags, validates arguments and runs the hooks in cobra's order:
   * persistent pre-run (nearest ancestor that has one), pre-run, run,
   * post-run, persistent post-run. Throws {@link ErrHelp} when help was
   * requested or the command cannot run.
   *
   * @go vendor/github.com/spf13/cobra/command.go:585-672
   */
  private async executeWithArgs(a: string[]): Promise<void> {
    if (this.deprecated.length > 0) {
      this.print(`Command ${quote(this.name())} is deprecated, ${this.deprecated}\n`);
    }

    this.initHelpFlag();

    try {
      this.parseFlags(a);
    } catch (error) {
      throw this.flagErrorFunc()(this, error);
    }

    if (this.flags().getBool('help') || !this.runnable()) {
      throw ErrHelp;
    }

    const argsWithoutFlags = this.disableFlagParsing ? a : this.flags().args();

    this.validateArgs(argsWithoutFlags);

    for (let p: Command | undefined = this; p !== undefined; p = p.parentCommand) {
      if (p.persistentPreRunE !== undefined) {
        await p.persistentPreRunE(this, argsWithoutFlags);
        break;
      }

      if (p.persistentPreRun !== undefined) {
        await p.persistentPreRun(this, argsWithoutFlags);
        break;
      }
    }

    await this.preRunE?.(this, argsWithoutFlags);

    if (this.runE !== undefined) {
      await this.runE(this, argsWithoutFlags);
    } else {
      await this.run?.(this, argsWithoutFlags);
    }

    await this.postRunE?.(this, argsWithoutFlags);

    for (let p: Command | undefined = this; p !== undefined; p = p.parentCommand) {
      if (p.persistentPostRunE !== undefined) {
        await p.persistentPostRunE(this, argsWithoutFlags);
        break;
      }

      if (p.persistentPostRun !== undefined) {
        await p.persistentPostRun(this, argsWithoutFlags);
        break;
      }
    }
  }

  /**
   * Runs the root command on its arguments. Resolves when the command ran
   * or help was shown, rejects with the command's error otherwise.
   *
   * @go vendor/github.com/spf13/cobra/command.go:694-697
   */
  async execute(): Promise<void> {
    const { error } = await this.executeC();

    if (error !== undefined) {
      throw error;
    }
  }

  /**
   * Finds the command for the arguments and runs it, printing the error and
   * usage unless silenced. Returns the command that ran and its error.
   *
   * @go vendor/github.com/spf13/cobra/command.go:699-765
   */
  async executeC(): Promise<{ command: Command; error?: unknown }> {
    if (this.parentCommand !== undefined) {
      return this.root().executeC();
    }

    this.initHelpCmd();

    // Go reads os.Args[1:] when no arguments were set. This port never
    // reads the process arguments, so it uses an empty list.
    const args = this.argsOverride ?? [];
    let found: { command: Command; args: string[]; error?: unknown };

    try {
      found = this.traverseChildren ? this.traverse(args) : this.find(args);
    } catch (error) {
      // Traverse reports no command when a parent's flags fail to parse.
      found = { command: this, args, error };
    }

    if (found.error !== undefined) {
      // Go's ExecuteC switches to the command found, if any, for the message.
      const failed = found.command;

      if (!failed.silenceErrors) {
        failed.println(`Error: ${messageOf(found.error)}`);
        failed.print(`Run '${failed.commandPath()} --help' for usage.\n`);
      }

      return { command: failed, error: found.error };
    }

    const cmd = found.command;

    try {
      await cmd.executeWithArgs(found.args);
    } catch (error) {
      if (error === ErrHelp) {
        await cmd.helpFunc()(cmd, args);
        return { command: cmd };
      }

      if (!cmd.silenceErrors && !this.silenceErrors) {
        this.println(`Error: ${messageOf(error)}`);
      }

      if (!cmd.silenceUsage && !this.silenceUsage) {
        this.println(cmd.usageString());
      }

      return { command: cmd, error };
    }

    return { command: cmd };
  }

  /** @go vendor/github.com/spf13/cobra/command.go:767-772 */
  validateArgs(args: string[]): void {
    this.args?.(this, args);
  }

  /**
   * Adds the `-h/--help` flag unless a flag named help is already visible
   * (Docker declares its own as a persistent flag of the root).
   *
   * @go vendor/github.com/spf13/cobra/command.go:774-779
   */
  private initHelpFlag(): void {
    this.mergePersistentFlags();

    if (this.flags().lookup('help') === undefined) {
      this.flags().boolVarP({ value: false }, 'help', 'h', false, `help for ${this.name()}`);
    }
  }

  /**
   * Adds the help command to the root. Docker sets its own with
   * `setHelpCommand`, so cobra's default `help` command is not ported.
   *
   * @go vendor/github.com/spf13/cobra/command.go:781-808
   */
  private initHelpCmd(): void {
    if (this.helpCommand === undefined) {
      // TODO: cobra's default help command (only for trees without setHelpCommand).
      return;
    }

    if (!this.children.includes(this.helpCommand)) {
      this.addCommand(this.helpCommand);
    }
  }

  /**
   * Returns the child commands, sorted by name.
   *
   * @go vendor/github.com/spf13/cobra/command.go:824-831
   */
  commands(): Command[] {
    if (!this.commandsAreSorted) {
      this.children.sort((a, b) => compareBytes(a.name(), b.name()));
      this.commandsAreSorted = true;
    }

    return this.children;
  }

  /**
   * Adds child commands.
   *
   * @go vendor/github.com/spf13/cobra/command.go:834-860
   */
  addCommand(...cmds: Command[]): void {
    for (const cmd of cmds) {
      if (cmd === this) {
        throw new Error("Command can't be a child of itself");
      }

      cmd.parentCommand = this;
      this.commandsMaxNameLen = Math.max(this.commandsMaxNameLen, byteLength(cmd.name()));
      this.children.push(cmd);
      this.commandsAreSorted = false;
    }
  }

  /** @go vendor/github.com/spf13/cobra/command.go:897-899 */
  print(text: string): void {
    this.out().write(text);
  }

  /** @go vendor/github.com/spf13/cobra/command.go:902-905 */
  println(text: string): void {
    this.print(text + '\n');
  }

  /**
   * Writes the usage text to {@link Command.out}.
   *
   * @go vendor/github.com/spf13/cobra/command.go:916-920
   */
  usage(): void {
    this.mergePersistentFlags();
    this.out().write(this.usageTemplate()(this));
  }

  /**
   * Writes the help text to standard output (or the output set on the
   * command or an ancestor).
   *
   * @go vendor/github.com/spf13/cobra/command.go:925-929
   */
  help(): void {
    this.mergePersistentFlags();
    this.getOutOrStdout().write(this.helpTemplate()(this));
  }

  /** @go vendor/github.com/spf13/cobra/command.go:931-938 */
  usageString(): string {
    const saved = this.output;
    const buffer = new StringWriter();
    this.setOutput(buffer);
    this.usage();
    this.output = saved;
    return buffer.text;
  }

  /**
   * Returns the names from the root down to this command, space-separated.
   *
   * @go vendor/github.com/spf13/cobra/command.go:941-949
   */
  commandPath(): string {
    let path = this.name();

    for (let x = this.parentCommand; x !== undefined; x = x.parentCommand) {
      path = `${x.name()} ${path}`;
    }

    return path;
  }

  /**
   * Returns the parent's command path followed by this command's `use`.
   *
   * @go vendor/github.com/spf13/cobra/command.go:952-958
   */
  useLine(): string {
    const prefix = this.parentCommand === undefined ? '' : this.parentCommand.commandPath() + ' ';
    return prefix + this.use;
  }

  /**
   * Returns the first word of `use`.
   *
   * @go vendor/github.com/spf13/cobra/command.go:1006-1016
   */
  name(): string {
    const space = this.use.indexOf(' ');
    return space >= 0 ? this.use.slice(0, space) : this.use;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1042-1044 */
  nameAndAliases(): string {
    return [this.name(), ...this.aliases].join(', ');
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1046-1048 */
  hasExample(): boolean {
    return this.example.length > 0;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1051-1053 */
  runnable(): boolean {
    return this.run !== undefined || this.runE !== undefined;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1056-1058 */
  hasSubCommands(): boolean {
    return this.children.length > 0;
  }

  /**
   * Reports whether the command is listed in usage text: not deprecated,
   * not hidden, not the help command, and runnable or with listed children.
   *
   * @go vendor/github.com/spf13/cobra/command.go:1062-1076
   */
  isAvailableCommand(): boolean {
    if (this.deprecated.length !== 0 || this.hidden) {
      return false;
    }

    if (this.parentCommand !== undefined && this.parentCommand.helpCommand === this) {
      return false;
    }

    return this.runnable() || this.hasAvailableSubCommands();
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1081-1097 */
  isHelpCommand(): boolean {
    if (this.runnable() || this.deprecated.length !== 0 || this.hidden) {
      return false;
    }

    return this.children.every((sub) => sub.isHelpCommand());
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1102-1113 */
  hasHelpSubCommands(): boolean {
    return this.children.some((sub) => sub.isHelpCommand());
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1117-1130 */
  hasAvailableSubCommands(): boolean {
    return this.children.some((sub) => sub.isAvailableCommand());
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1133-1135 */
  hasParent(): boolean {
    return this.parentCommand !== undefined;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1318-1320 */
  parent(): Command | undefined {
    return this.parentCommand;
  }

  /**
   * Returns the full flag set: local flags plus persistent flags of this
   * command and its ancestors (once merged).
   *
   * @go vendor/github.com/spf13/cobra/command.go:1143-1152
   */
  flags(): FlagSet {
    if (this.flagSet === undefined) {
      this.flagSet = this.newFlagSet();
    }

    return this.flagSet;
  }

  /**
   * Returns the flags declared on this command itself, persistent or not.
   *
   * @go vendor/github.com/spf13/cobra/command.go:1168-1183
   */
  localFlags(): FlagSet {
    this.mergePersistentFlags();

    const local = this.newFlagSet();
    this.localFlagSet!.visitAll((flag) => local.addFlag(flag));
    return local;
  }

  /**
   * Returns the persistent flags of the ancestors that this command does
   * not declare itself.
   *
   * @go vendor/github.com/spf13/cobra/command.go:1186-1212
   */
  inheritedFlags(): FlagSet {
    this.mergePersistentFlags();

    const inherited = this.newFlagSet();
    const local = this.localFlags();

    for (let x = this.parentCommand; x !== undefined; x = x.parentCommand) {
      if (!x.hasPersistentFlags()) {
        continue;
      }

      x.persistentFlags().visitAll((flag) => {
        if (inherited.lookup(flag.name) === undefined && local.lookup(flag.name) === undefined) {
          inherited.addFlag(flag);
        }
      });
    }

    return inherited;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1220-1229 */
  persistentFlags(): FlagSet {
    if (this.persistentFlagSet === undefined) {
      this.persistentFlagSet = this.newFlagSet();
    }

    return this.persistentFlagSet;
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1242-1244 */
  hasFlags(): boolean {
    return this.flags().hasFlags();
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1247-1249 */
  hasPersistentFlags(): boolean {
    return this.persistentFlags().hasFlags();
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1263-1265 */
  hasAvailableFlags(): boolean {
    return this.flags().hasAvailableFlags();
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1274-1276 */
  hasAvailableLocalFlags(): boolean {
    return this.localFlags().hasAvailableFlags();
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1280-1282 */
  hasAvailableInheritedFlags(): boolean {
    return this.inheritedFlags().hasAvailableFlags();
  }

  /**
   * Looks a flag up in this command's flags, then in the persistent flags
   * up the tree.
   *
   * @go vendor/github.com/spf13/cobra/command.go:1285-1293
   */
  flag(name: string): Flag | undefined {
    return this.flags().lookup(name) ?? this.persistentFlag(name);
  }

  /** @go vendor/github.com/spf13/cobra/command.go:1296-1305 */
  private persistentFlag(name: string): Flag | undefined {
    const own = this.hasPersistentFlags() ? this.persistentFlags().lookup(name) : undefined;
    return own ?? this.parentCommand?.persistentFlag(name);
  }

  /**
   * Parses `args` with this command's full flag set.
   *
   * @go vendor/github.com/spf13/cobra/command.go:1308-1315
   */
  parseFlags(args: string[]): void {
    if (this.disableFlagParsing) {
      return;
    }

    this.mergePersistentFlags();

    const flags = this.flags();
    flags.stderr = this.root().streams?.stderr ?? process.stderr;
    flags.parse(args);
  }

  /**
   * Records the local flags once, then copies the persistent flags of this
   * command and its ancestors into its full flag set.
   *
   * @go vendor/github.com/spf13/cobra/command.go:1322-1359
   */
  mergePersistentFlags(): void {
    if (this.localFlagSet === undefined) {
      const local = this.newFlagSet();
      this.flags().visitAll((flag) => local.addFlag(flag));
      this.persistentFlags().visitAll((flag) => local.addFlag(flag));
      this.localFlagSet = local;
    }

    // NOTE: cobra also merges pflag's global CommandLine set into the root.
    // Docker defines no flag there, so this port has no global set.
    for (let x: Command | undefined = this; x !== undefined; x = x.parentCommand) {
      if (!x.hasPersistentFlags()) {
        continue;
      }

      x.persistentFlags().visitAll((flag) => {
        if (this.flags().lookup(flag.name) === undefined) {
          this.flags().addFlag(flag);
        }
      });
    }
  }

  private newFlagSet(): FlagSet {
    const set = new FlagSet(this.name());
    set.output = this.flagErrorBuf;
    return set;
  }
}

/**
 * Checks arguments of a command without an `Args` validator: a root with
 * subcommands rejects an unknown first word, everything else passes.
 *
 * @go vendor/github.com/spf13/cobra/args.go:13-24
 */
export function legacyArgs(cmd: Command, args: string[]): void {
  if (!cmd.hasSubCommands()) {
    return;
  }

  if (!cmd.hasParent() && args.length > 0) {
    throw new Error(
      `unknown command ${quote(args[0]!)} for ${quote(cmd.commandPath())}${cmd.findSuggestions(args[0]!)}`,
    );
  }
}

/**
 * Returns the words of `args` that are not flags or flag values, judging
 * flag values by the declared flags of `cmd`.
 *
 * @go vendor/github.com/spf13/cobra/command.go:367-405
 */
function stripFlags(args: string[], cmd: Command): string[] {
  if (args.length < 1) {
    return args;
  }

  cmd.mergePersistentFlags();

  const commands: string[] = [];
  let inQuote = false;
  let inFlag = false;

  for (const y of args) {
    if (!inQuote) {
      if (y.startsWith('"')) {
        inQuote = true;
      } else if (y.includes('="')) {
        inQuote = true;
      } else if (y.startsWith('--') && !y.includes('=')) {
        inFlag = !isBooleanFlag(y.slice(2), cmd.flags());
      } else if (
        y.startsWith('-') &&
        !y.includes('=') &&
        y.length === 2 &&
        !isBooleanShortFlag(y.slice(1), cmd.flags())
      ) {
        inFlag = true;
      } else if (inFlag) {
        inFlag = false;
      } else if (y === '') {
        // Empty words are dropped, as cobra does.
      } else if (!y.startsWith('-')) {
        commands.push(y);
        inFlag = false;
      }
    }

    if (y.endsWith('"') && !y.endsWith('\\"')) {
      inQuote = false;
    }
  }

  return commands;
}

/** @go vendor/github.com/spf13/cobra/command.go:409-419 */
function argsMinusFirstX(args: string[], x: string): string[] {
  const i = args.indexOf(x);
  return i < 0 ? args : [...args.slice(0, i), ...args.slice(i + 1)];
}

/** @go vendor/github.com/spf13/cobra/command.go:421-424 */
function isFlagArg(arg: string): boolean {
  return (arg.length >= 3 && arg[1] === '-') || (arg.length >= 2 && arg[0] === '-' && arg[1] !== '-');
}

/** @go vendor/github.com/spf13/cobra/command.go:348-354 */
function isBooleanFlag(name: string, flags: FlagSet): boolean {
  return flags.lookup(name)?.value.type() === 'bool';
}

/** @go vendor/github.com/spf13/cobra/command.go:357-365 */
function isBooleanShortFlag(name: string, flags: FlagSet): boolean {
  let result = false;

  flags.visitAll((flag) => {
    if (flag.shorthand === name && flag.value.type() === 'bool') {
      result = true;
    }
  });

  return result;
}

/**
 * Computes the Levenshtein distance of two strings that the caller has
 * already lowercased.
 *
 * @go vendor/github.com/spf13/cobra/cobra.go:142-175
 */
function levenshtein(s: string, t: string): number {
  const d: number[][] = [];

  for (let i = 0; i <= s.length; i++) {
    d.push([i, ...new Array<number>(t.length).fill(0)]);
  }

  for (let j = 0; j <= t.length; j++) {
    d[0]![j] = j;
  }

  for (let j = 1; j <= t.length; j++) {
    for (let i = 1; i <= s.length; i++) {
      d[i]![j] =
        s[i - 1] === t[j - 1]
          ? d[i - 1]![j - 1]!
          : Math.min(d[i - 1]![j]!, d[i]![j - 1]!, d[i - 1]![j - 1]!) + 1;
    }
  }

  return d[s.length]![t.length]!;
}

/**
 * Pads `text` with spaces on the right to `width` code points, like Go's
 * `%-Ns`.
 *
 * @go vendor/github.com/spf13/cobra/cobra.go:128-131
 */
export function rpad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/**
 * Removes trailing white space, like cobra's `trimRightSpace`.
 *
 * @go vendor/github.com/spf13/cobra/cobra.go:115-117
 */
export function trimRightSpace(text: string): string {
  return text.replace(/\s+$/u, '');
}

/**
 * Renders cobra's built-in usage template.
 *
 * @go vendor/github.com/spf13/cobra/command.go:292-325
 */
function defaultUsageTemplate(cmd: Command): string {
  let out = 'Usage:';

  if (cmd.runnable()) {
    const useLine = cmd.useLine();
    out += '\n  ';
    out += cmd.hasAvailableFlags() && !useLine.includes('[flags]') ? `${useLine} [flags]` : useLine;
  }

  if (cmd.hasAvailableSubCommands()) {
    out += `\n  ${cmd.commandPath()} [command]`;
  }

  if (cmd.aliases.length > 0) {
    out += `\n\nAliases:\n  ${cmd.nameAndAliases()}\n`;
  }

  if (cmd.hasExample()) {
    out += `\n\nExamples:\n${cmd.example}`;
  }

  if (cmd.hasAvailableSubCommands()) {
    out += '\n\nAvailable Commands:';

    for (const sub of cmd.commands()) {
      if (sub.isAvailableCommand()) {
        out += `\n  ${rpad(sub.name(), sub.namePadding())} ${sub.short}`;
      }
    }
  }

  if (cmd.hasAvailableLocalFlags()) {
    out += `\n\nFlags:\n${trimRightSpace(cmd.localFlags().flagUsages())}`;
  }

  if (cmd.hasAvailableInheritedFlags()) {
    out += `\n\nGlobal Flags:\n${trimRightSpace(cmd.inheritedFlags().flagUsages())}`;
  }

  if (cmd.hasHelpSubCommands()) {
    // NOTE: cobra pads this column to the longest command path; this port
    // uses the name padding, which only differs for help-only topics.
    out += '\n\nAdditional help topics:';

    for (const sub of cmd.commands()) {
      if (sub.isHelpCommand()) {
        out += `\n  ${rpad(sub.commandPath(), sub.namePadding())} ${sub.short}`;
      }
    }
  }

  if (cmd.hasAvailableSubCommands()) {
    out += `\n\nUse "${cmd.commandPath()} [command] --help" for more information about a command.`;
  }

  return out + '\n';
}

/**
 * Renders cobra's built-in help template: the long (or short) text, a blank
 * line, then the usage.
 *
 * @go vendor/github.com/spf13/cobra/command.go:327-338
 */
function defaultHelpTemplate(cmd: Command): string {
  // Go's `{{with or .Long .Short}}` skips the block only for an empty string.
  const description = cmd.long || cmd.short;
  let out = description.length > 0 ? `${description.trim()}\n\n` : '';

  if (cmd.runnable() || cmd.hasSubCommands()) {
    out += cmd.usageString();
  }

  return out;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Orders strings by UTF-8 bytes, as Go's string comparison does. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
