/**
 * A port of the flag parser github.com/spf13/pflag as Docker 17.03 vendors
 * it (commit dabebe21): GNU-style `--long` and `-s` flags, combined boolean
 * shorthands, `--` as terminator and flags interspersed with arguments.
 * Only the value types Docker's `plugin` commands use are ported: bool,
 * string and int, plus any custom {@link Value}.
 */

import { goQuote as quote, isPrint } from '../go/strconv/quote.ts';

/** A destination for text, such as a Node `Writable` or a {@link StringWriter}. */
export interface Writer {
  write(chunk: string): unknown;
}

/** A writer that keeps everything written to it, like Go's `bytes.Buffer`. */
export class StringWriter implements Writer {
  text = '';

  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** The parsed value of a flag. `set` throws the error Go's `Set` returns. */
export interface Value {
  string(): string;
  set(text: string): void;
  type(): string;
}

/** Thrown by {@link FlagSet.parse} for `--help` or `-h` when no such flag exists. */
export const ErrHelp = new Error('pflag: help requested');

/** One defined flag and its state. */
export class Flag {
  name: string;
  shorthand: string;
  usage: string;
  value: Value;
  /** The default value as text, for the usage message. */
  defValue: string;
  changed = false;
  /** Value used when the flag appears without an argument (`true` for bools). */
  noOptDefVal = '';
  deprecated = '';
  hidden = false;
  shorthandDeprecated = '';
  annotations = new Map<string, string[]>();

  constructor(name: string, shorthand: string, usage: string, value: Value) {
    this.name = name;
    this.shorthand = shorthand;
    this.usage = usage;
    this.value = value;
    this.defValue = value.string();
  }
}

/** A mutable cell that a flag writes its parsed value into. */
export interface Ref<T> {
  value: T;
}

/** A bool flag value. */
export class BoolValue implements Value {
  constructor(readonly ref: Ref<boolean>) {}

  /**
   * Parses Go's boolean spellings. A failed parse still stores false, as
   * pflag stores whatever `strconv.ParseBool` returned.
   *
   * @go vendor/github.com/spf13/pflag/bool.go:20-24
   */
  set(text: string): void {
    const parsed = parseBool(text);
    this.ref.value = parsed ?? false;

    if (parsed === undefined) {
      throw new Error(`strconv.ParseBool: parsing ${quote(text)}: invalid syntax`);
    }
  }

  type(): string {
    return 'bool';
  }

  string(): string {
    return String(this.ref.value);
  }
}

/** A string flag value. */
export class StringValue implements Value {
  constructor(readonly ref: Ref<string>) {}

  set(text: string): void {
    this.ref.value = text;
  }

  type(): string {
    return 'string';
  }

  string(): string {
    return this.ref.value;
  }
}

/** An int flag value. */
export class IntValue implements Value {
  constructor(readonly ref: Ref<number>) {}

  /**
   * Parses like Go's `strconv.ParseInt(s, 0, 64)`: decimal, `0x` hex or
   * leading-zero octal. A failed parse stores 0, as pflag does.
   *
   * @go vendor/github.com/spf13/pflag/int.go:13-17
   */
  set(text: string): void {
    try {
      this.ref.value = parseGoInt(text);
    } catch (error) {
      this.ref.value = 0;
      throw error;
    }
  }

  type(): string {
    return 'int';
  }

  string(): string {
    return String(this.ref.value);
  }
}

/** Parses Go's boolean spellings; returns undefined for anything else. */
function parseBool(text: string): boolean | undefined {
  switch (text) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false;
  }

  return undefined;
}

function parseGoInt(text: string): number {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);

  if (match === null) {
    throw new Error(`strconv.ParseInt: parsing ${quote(text)}: invalid syntax`);
  }

  const digits = match[2]!;
  const magnitude = /^0[xX]/.test(digits)
    ? BigInt(digits)
    : digits.length > 1 && digits.startsWith('0')
      ? BigInt('0o' + digits.slice(1))
      : BigInt(digits);
  const value = match[1] === '-' ? -magnitude : magnitude;

  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) {
    throw new Error(`strconv.ParseInt: parsing ${quote(text)}: value out of range`);
  }

  return Number(value);
}

/**
 * A set of flags, parsed from one argument list. Error messages and the
 * flag-set usage go to `output` (cobra points it at a buffer that is never printed),
 * while deprecation notices go to `stderr`, which is Go's `os.Stderr`.
 */
export class FlagSet {
  readonly name: string;
  private readonly formal = new Map<string, Flag>();
  private readonly shorthands = new Map<string, Flag>();
  private readonly actual = new Map<string, Flag>();
  private parsedArgs: string[] = [];
  private argsLenAtDashValue = -1;
  private interspersed = true;
  parsed = false;
  output: Writer = new StringWriter();
  stderr: Writer | undefined;

  constructor(name: string) {
    this.name = name;
  }

  /**
   * Visits the flags in lexicographical order of their names.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:234-238
   */
  visitAll(fn: (flag: Flag) => void): void {
    for (const name of [...this.formal.keys()].sort(compareBytes)) {
      fn(this.formal.get(name)!);
    }
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:241-243 */
  hasFlags(): boolean {
    return this.formal.size > 0;
  }

  /**
   * Reports whether any flag is neither hidden nor deprecated.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:247-254
   */
  hasAvailableFlags(): boolean {
    for (const flag of this.formal.values()) {
      if (!flag.hidden && flag.deprecated.length === 0) {
        return true;
      }
    }

    return false;
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:277-279 */
  lookup(name: string): Flag | undefined {
    return this.formal.get(name);
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:310-312 */
  argsLenAtDash(): number {
    return this.argsLenAtDashValue;
  }

  /**
   * Marks a flag's shorthand deprecated: it still works, prints a notice
   * when used and is left out of the usage text.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:332-342
   */
  markShorthandDeprecated(name: string, usageMessage: string): void {
    const flag = this.lookup(name);

    if (flag === undefined) {
      throw new Error(`flag ${quote(name)} does not exist`);
    }

    if (usageMessage.length === 0) {
      throw new Error(`deprecated message for flag ${quote(name)} must be set`);
    }

    flag.shorthandDeprecated = usageMessage;
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:346-353 */
  markHidden(name: string): void {
    const flag = this.lookup(name);

    if (flag === undefined) {
      throw new Error(`flag ${quote(name)} does not exist`);
    }

    flag.hidden = true;
  }

  /**
   * Reports whether the user set the flag on the command line.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:401-408
   */
  changed(name: string): boolean {
    return this.lookup(name)?.changed ?? false;
  }

  /**
   * Returns the value of a bool flag.
   *
   * @go vendor/github.com/spf13/pflag/bool.go:39-45
   */
  getBool(name: string): boolean {
    const flag = this.lookup(name);

    if (flag === undefined) {
      throw new Error(`flag accessed but not defined: ${name}`);
    }

    if (flag.value.type() !== 'bool') {
      throw new Error(`trying to get bool value of flag of type ${flag.value.type()}`);
    }

    return parseBool(flag.value.string()) ?? false;
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:607-607 */
  args(): string[] {
    return this.parsedArgs;
  }

  /**
   * Defines a flag backed by `value` and returns it.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:623-634
   */
  varPF(value: Value, name: string, shorthand: string, usage: string): Flag {
    const flag = new Flag(name, shorthand, usage, value);
    this.addFlag(flag);
    return flag;
  }

  /** Defines a bool flag writing into `ref`; it needs no argument on the command line. */
  boolVarP(ref: Ref<boolean>, name: string, shorthand: string, initial: boolean, usage: string): Flag {
    ref.value = initial;
    const flag = this.varPF(new BoolValue(ref), name, shorthand, usage);
    flag.noOptDefVal = 'true';
    return flag;
  }

  /** Defines a string flag writing into `ref`. */
  stringVarP(ref: Ref<string>, name: string, shorthand: string, initial: string, usage: string): Flag {
    ref.value = initial;
    return this.varPF(new StringValue(ref), name, shorthand, usage);
  }

  /** Defines an int flag writing into `ref`. */
  intVarP(ref: Ref<number>, name: string, shorthand: string, initial: number, usage: string): Flag {
    ref.value = initial;
    return this.varPF(new IntValue(ref), name, shorthand, usage);
  }

  /**
   * Adds a flag. A second flag with the same name or shorthand is a
   * programming error, so it throws like Go's panic.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:642-676
   */
  addFlag(flag: Flag): void {
    if (this.formal.has(flag.name)) {
      const message = `${this.name} flag redefined: ${flag.name}`;
      this.output.write(message + '\n');
      throw new Error(message);
    }

    this.formal.set(flag.name, flag);

    if (flag.shorthand.length === 0) {
      return;
    }

    if (flag.shorthand.length > 1) {
      this.output.write(`${this.name} shorthand more than ASCII character: ${flag.shorthand}\n`);
      throw new Error('shorthand is more than one character');
    }

    const old = this.shorthands.get(flag.shorthand);

    if (old !== undefined) {
      this.output.write(
        `${this.name} shorthand reused: ${quoteRune(flag.shorthand.charCodeAt(0))} for ${flag.name} already used for ${old.name}\n`,
      );
      throw new Error('shorthand redefinition');
    }

    this.shorthands.set(flag.shorthand, flag);
  }

  /**
   * Returns the usage lines of all visible flags, with the help texts
   * aligned in one column.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:492-553
   */
  flagUsages(): string {
    const lines: string[] = [];
    let maxlen = 0;

    this.visitAll((flag) => {
      if (flag.deprecated.length > 0 || flag.hidden) {
        return;
      }

      let line =
        flag.shorthand.length > 0 && flag.shorthandDeprecated.length === 0
          ? `  -${flag.shorthand}, --${flag.name}`
          : `      --${flag.name}`;

      const [varname, usage] = unquoteUsage(flag);

      if (varname.length > 0) {
        line += ' ' + varname;
      }

      line += noOptDefValSuffix(flag);

      // The NUL marks where the padding goes once the widest line is known.
      line += '\x00';
      maxlen = Math.max(maxlen, byteLength(line));

      line += usage;

      if (!defaultIsZeroValue(flag)) {
        line +=
          flag.value.type() === 'string'
            ? ` (default "${flag.defValue}")`
            : ` (default ${flag.defValue})`;
      }

      lines.push(line);
    });

    let out = '';

    for (const line of lines) {
      const sidx = line.indexOf('\x00');
      const spacing = ' '.repeat(maxlen - byteLength(line.slice(0, sidx)));

      // fmt.Fprintln puts one space between its three operands.
      out += `${line.slice(0, sidx)} ${spacing} ${line.slice(sidx + 1)}\n`;
    }

    return out;
  }

  /**
   * Parses flags from `args`, which excludes the command name. Throws the
   * error pflag returns, or {@link ErrHelp}.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:881-896
   */
  parse(args: string[]): void {
    this.parsed = true;
    this.parsedArgs = [];
    this.parseArgs(args);
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:846-875 */
  private parseArgs(input: string[]): void {
    let args = input;

    while (args.length > 0) {
      const s = args[0]!;
      args = args.slice(1);

      if (s.length === 0 || s[0] !== '-' || s.length === 1) {
        if (!this.interspersed) {
          this.parsedArgs.push(s, ...args);
          return;
        }

        this.parsedArgs.push(s);
        continue;
      }

      if (s[1] === '-') {
        if (s.length === 2) {
          this.argsLenAtDashValue = this.parsedArgs.length;
          this.parsedArgs.push(...args);
          break;
        }

        args = this.parseLongArg(s, args);
      } else {
        args = this.parseShortArg(s, args);
      }
    }
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:755-791 */
  private parseLongArg(s: string, args: string[]): string[] {
    let rest = args;
    let name = s.slice(2);

    if (name.length === 0 || name[0] === '-' || name[0] === '=') {
      throw this.failf(`bad flag syntax: ${s}`);
    }

    const equals = name.indexOf('=');
    const inlineValue = equals >= 0 ? name.slice(equals + 1) : undefined;
    name = equals >= 0 ? name.slice(0, equals) : name;

    const flag = this.formal.get(name);

    if (flag === undefined) {
      if (name === 'help') {
        this.usage();
        throw ErrHelp;
      }

      throw this.failf(`unknown flag: --${name}`);
    }

    let value: string;

    if (inlineValue !== undefined) {
      value = inlineValue;
    } else if (flag.noOptDefVal.length > 0) {
      value = flag.noOptDefVal;
    } else if (rest.length > 0) {
      value = rest[0]!;
      rest = rest.slice(1);
    } else {
      throw this.failf(`flag needs an argument: ${s}`);
    }

    this.setFlag(flag, value, s);
    return rest;
  }

  /**
   * Consumes the first shorthand of `shorthands` and returns the remaining
   * shorthands and arguments.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:793-830
   */
  private parseSingleShortArg(shorthands: string, args: string[]): [string, string[]] {
    if (shorthands.startsWith('test.')) {
      return ['', args];
    }

    let outArgs = args;
    let outShorts = shorthands.slice(1);
    const c = shorthands[0]!;
    const flag = this.shorthands.get(c);

    if (flag === undefined) {
      if (c === 'h') {
        this.usage();
        throw ErrHelp;
      }

      throw this.failf(`unknown shorthand flag: ${quoteRune(c.charCodeAt(0))} in -${shorthands}`);
    }

    let value: string;

    if (shorthands.length > 2 && shorthands[1] === '=') {
      value = shorthands.slice(2);
      outShorts = '';
    } else if (flag.noOptDefVal.length > 0) {
      value = flag.noOptDefVal;
    } else if (shorthands.length > 1) {
      value = shorthands.slice(1);
      outShorts = '';
    } else if (args.length > 0) {
      value = args[0]!;
      outArgs = args.slice(1);
    } else {
      throw this.failf(`flag needs an argument: ${quoteRune(c.charCodeAt(0))} in -${shorthands}`);
    }

    this.setFlag(flag, value, shorthands);
    return [outShorts, outArgs];
  }

  /**
   * Parses one `-abc` argument. Every shorthand is matched against the
   * arguments as they were before this one, exactly as pflag does: when two
   * shorthands in one group each take the next argument, both get the same.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:832-844
   */
  private parseShortArg(s: string, args: string[]): string[] {
    let rest = args;
    let shorthands = s.slice(1);

    while (shorthands.length > 0) {
      [shorthands, rest] = this.parseSingleShortArg(shorthands, args);
    }

    return rest;
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:727-744 */
  private setFlag(flag: Flag, value: string, origArg: string): void {
    try {
      flag.value.set(value);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw this.failf(`invalid argument ${quote(value)} for ${origArg}: ${cause}`);
    }

    this.actual.set(flag.name, flag);
    flag.changed = true;

    if (flag.deprecated.length > 0) {
      this.stderr?.write(`Flag --${flag.name} has been deprecated, ${flag.deprecated}\n`);
    }

    if (flag.shorthandDeprecated.length > 0 && containsShorthand(origArg, flag.shorthand)) {
      this.stderr?.write(
        `Flag shorthand -${flag.shorthand} has been deprecated, ${flag.shorthandDeprecated}\n`,
      );
    }
  }

  /**
   * Writes the error and the flag-set usage to `output`, then returns the
   * error for the caller to throw.
   *
   * @go vendor/github.com/spf13/pflag/flag.go:708-713
   */
  private failf(message: string): Error {
    const error = new Error(message);
    this.output.write(message + '\n');
    this.usage();
    return error;
  }

  /** @go vendor/github.com/spf13/pflag/flag.go:561-564 */
  private usage(): void {
    this.output.write(`Usage of ${this.name}:\n`);
    this.output.write(this.flagUsages());
  }
}

/**
 * Quotes one byte as a Go rune literal, which is what `%q` prints for a
 * byte such as a shorthand letter.
 */
function quoteRune(byte: number): string {
  const escapes: Record<number, string> = {
    0x07: '\\a',
    0x08: '\\b',
    0x0c: '\\f',
    0x0a: '\\n',
    0x0d: '\\r',
    0x09: '\\t',
    0x0b: '\\v',
    0x27: "\\'",
    0x5c: '\\\\',
  };

  if (escapes[byte] !== undefined) {
    return `'${escapes[byte]}'`;
  }

  if (isPrint(byte)) {
    return `'${String.fromCharCode(byte)}'`;
  }

  const hex = byte.toString(16).padStart(2, '0');
  return byte < 0x80 ? `'\\x${hex}'` : `'\\u00${hex}'`;
}

/** @go vendor/github.com/spf13/pflag/flag.go:746-753 */
function containsShorthand(arg: string, shorthand: string): boolean {
  if (arg.startsWith('-')) {
    return false;
  }

  return arg.split('=')[0]!.includes(shorthand);
}

/**
 * Returns the argument placeholder for a flag's usage line and its help
 * text: a back-quoted word in the help text, or else the value's type name
 * (nothing for bools).
 *
 * @go vendor/github.com/spf13/pflag/flag.go:459-488
 */
export function unquoteUsage(flag: Flag): [string, string] {
  const usage = flag.usage;
  const open = usage.indexOf('`');

  if (open >= 0) {
    const close = usage.indexOf('`', open + 1);

    if (close >= 0) {
      const name = usage.slice(open + 1, close);
      return [name, usage.slice(0, open) + name + usage.slice(close + 1)];
    }
  }

  switch (flag.value.type()) {
    case 'bool':
      return ['', usage];
    case 'float64':
      return ['float', usage];
    case 'int64':
      return ['int', usage];
    case 'uint64':
      return ['uint', usage];
    default:
      return [flag.value.type(), usage];
  }
}

function noOptDefValSuffix(flag: Flag): string {
  if (flag.noOptDefVal.length === 0) {
    return '';
  }

  switch (flag.value.type()) {
    case 'string':
      return `[="${flag.noOptDefVal}"]`;
    case 'bool':
      return flag.noOptDefVal === 'true' ? '' : `[=${flag.noOptDefVal}]`;
    default:
      return `[=${flag.noOptDefVal}]`;
  }
}

/**
 * Reports whether the default is the zero value of the flag's type, in
 * which case the usage line omits `(default …)`.
 *
 * @go vendor/github.com/spf13/pflag/flag.go:424-452
 */
function defaultIsZeroValue(flag: Flag): boolean {
  const value = flag.value;

  if (value instanceof BoolValue) {
    return flag.defValue === 'false';
  }

  if (value instanceof IntValue) {
    return flag.defValue === '0';
  }

  if (value instanceof StringValue) {
    return flag.defValue === '';
  }

  switch (value.string()) {
    case 'false':
    case '<nil>':
    case '':
    case '0':
      return true;
  }

  return false;
}

/** Orders strings by UTF-8 bytes, as Go's `sort.Strings` does. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Go's `len` of a string: its UTF-8 byte count. */
function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
