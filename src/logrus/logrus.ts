/**
 * A small port of github.com/Sirupsen/logrus v0.11.0, the logger Docker
 * 17.03 vendors: levels, fields and the `TextFormatter` output written when
 * standard error is not a terminal, for example
 * `time="2017-03-01T12:00:00Z" level=debug msg="compression enabled" `.
 *
 * There is no global logger: each caller creates a {@link Logger} with its
 * own output and clock, so runs in one process do not share state.
 */

import { goQuote } from '../go/strconv/quote.ts';

/** A destination for log lines, such as a Node `Writable`. */
export interface Writer {
  write(chunk: string): unknown;
}

/** Severity levels, most severe first, with logrus's numeric values. */
export enum Level {
  Panic = 0,
  Fatal = 1,
  Error = 2,
  Warn = 3,
  Info = 4,
  Debug = 5,
}

/** Extra key-value pairs attached to an entry. */
export type Fields = Record<string, unknown>;

/**
 * Returns the level's name as the text formatter prints it.
 *
 * @go vendor/github.com/Sirupsen/logrus/logrus.go:16-33
 */
export function levelString(level: Level): string {
  switch (level) {
    case Level.Debug:
      return 'debug';
    case Level.Info:
      return 'info';
    case Level.Warn:
      return 'warning';
    case Level.Error:
      return 'error';
    case Level.Fatal:
      return 'fatal';
    case Level.Panic:
      return 'panic';
  }

  return 'unknown';
}

/**
 * Parses a level name, ignoring case. `warn` and `warning` are the same level.
 *
 * @go vendor/github.com/Sirupsen/logrus/logrus.go:36-54
 */
export function parseLevel(text: string): Level {
  switch (text.toLowerCase()) {
    case 'panic':
      return Level.Panic;
    case 'fatal':
      return Level.Fatal;
    case 'error':
      return Level.Error;
    case 'warn':
    case 'warning':
      return Level.Warn;
    case 'info':
      return Level.Info;
    case 'debug':
      return Level.Debug;
  }

  throw new Error(`not a valid logrus Level: ${goQuote(text)}`);
}

/** A log entry: its fields and, once logged, its time, level and message. */
export class Entry {
  readonly logger: Logger;
  readonly data: Fields;
  time = new Date(0);
  level = Level.Panic;
  message = '';

  constructor(logger: Logger, data: Fields = {}) {
    this.logger = logger;
    this.data = data;
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:67-69 */
  withError(error: unknown): Entry {
    return this.withField('error', error);
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:72-74 */
  withField(key: string, value: unknown): Entry {
    return this.withFields({ [key]: value });
  }

  /**
   * Returns a new entry with this entry's fields and `fields` added.
   *
   * @go vendor/github.com/Sirupsen/logrus/entry.go:77-86
   */
  withFields(fields: Fields): Entry {
    return new Entry(this.logger, { ...this.data, ...fields });
  }

  /**
   * Stamps a copy of the entry with the logger's clock, formats it and
   * writes it to the logger's output. A failed write is reported on the
   * logger's error output, as Go reports it on `os.Stderr`.
   *
   * @go vendor/github.com/Sirupsen/logrus/entry.go:90-126
   */
  log(level: Level, message: string): void {
    const entry = new Entry(this.logger, { ...this.data });
    entry.time = this.logger.now();
    entry.level = level;
    entry.message = message;

    const serialized = this.logger.formatter.format(entry);

    try {
      this.logger.out.write(serialized);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.logger.errorOutput.write(`Failed to write to log, ${text}\n`);
    }

    if (level <= Level.Panic) {
      throw new Error(message);
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:128-132 */
  debug(...args: unknown[]): void {
    if (this.logger.level >= Level.Debug) {
      this.log(Level.Debug, sprint(args));
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:138-142 */
  info(...args: unknown[]): void {
    if (this.logger.level >= Level.Info) {
      this.log(Level.Info, sprint(args));
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:144-148 */
  warn(...args: unknown[]): void {
    if (this.logger.level >= Level.Warn) {
      this.log(Level.Warn, sprint(args));
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:154-158 */
  error(...args: unknown[]): void {
    if (this.logger.level >= Level.Error) {
      this.log(Level.Error, sprint(args));
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:176-180 */
  debugf(format: string, ...args: unknown[]): void {
    if (this.logger.level >= Level.Debug) {
      this.debug(sprintf(format, args));
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:182-186 */
  infof(format: string, ...args: unknown[]): void {
    if (this.logger.level >= Level.Info) {
      this.info(sprintf(format, args));
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:192-196 */
  warnf(format: string, ...args: unknown[]): void {
    if (this.logger.level >= Level.Warn) {
      this.warn(sprintf(format, args));
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/entry.go:202-206 */
  errorf(format: string, ...args: unknown[]): void {
    if (this.logger.level >= Level.Error) {
      this.error(sprintf(format, args));
    }
  }
}

/** Turns an entry into the bytes written to the log. */
export interface Formatter {
  format(entry: Entry): string;
}

/** Options of the text formatter that this port supports. */
export interface TextFormatterOptions {
  disableTimestamp?: boolean;
  disableSorting?: boolean;
  /** Print timestamps in UTC (`Z`) instead of the process's local zone. */
  utc?: boolean;
}

/**
 * logrus's default formatter, in its plain form: `key=value` pairs
 * separated by spaces, with a trailing space before the newline.
 */
export class TextFormatter implements Formatter {
  constructor(readonly options: TextFormatterOptions = {}) {}

  /**
   * Formats `time`, `level`, `msg` (when not empty), then the fields sorted
   * by key. Values that contain anything but letters, digits, `-` and `.`
   * are quoted with Go's `%q`.
   *
   * @go vendor/github.com/Sirupsen/logrus/text_formatter.go:59-101
   */
  format(entry: Entry): string {
    const data = prefixFieldClashes(entry.data);
    const keys = Object.keys(data);

    if (!this.options.disableSorting) {
      keys.sort();
    }

    // NOTE: logrus colours the output when stderr is a terminal. This port
    // always writes the plain form, which Docker prints when stderr is a pipe.
    let out = '';

    if (!this.options.disableTimestamp) {
      out += keyValue('time', formatRFC3339(entry.time, this.options.utc ?? false));
    }

    out += keyValue('level', levelString(entry.level));

    if (entry.message !== '') {
      out += keyValue('msg', entry.message);
    }

    for (const key of keys) {
      out += keyValue(key, data[key]);
    }

    return out + '\n';
  }
}

/** Settings of a {@link Logger}. */
export interface LoggerOptions {
  out: Writer;
  /** Output for write-failure reports. Defaults to `out`. */
  errorOutput?: Writer;
  level?: Level;
  formatter?: Formatter;
  /** Clock for entry timestamps. Defaults to the current time. */
  now?: () => Date;
}

/** A logger: an output, a formatter, a minimum level and a clock. */
export class Logger {
  out: Writer;
  errorOutput: Writer;
  level: Level;
  formatter: Formatter;
  now: () => Date;

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:68-75 */
  constructor(options: LoggerOptions) {
    this.out = options.out;
    this.errorOutput = options.errorOutput ?? options.out;
    this.level = options.level ?? Level.Info;
    this.formatter = options.formatter ?? new TextFormatter();
    this.now = options.now ?? (() => new Date());
  }

  /** @go vendor/github.com/Sirupsen/logrus/exported.go:31-35 */
  setLevel(level: Level): void {
    this.level = level;
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:92-96 */
  withField(key: string, value: unknown): Entry {
    return new Entry(this).withField(key, value);
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:100-104 */
  withFields(fields: Fields): Entry {
    return new Entry(this).withFields(fields);
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:108-112 */
  withError(error: unknown): Entry {
    return new Entry(this).withError(error);
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:114-120 */
  debugf(format: string, ...args: unknown[]): void {
    if (this.level >= Level.Debug) {
      new Entry(this).debugf(format, ...args);
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:122-128 */
  infof(format: string, ...args: unknown[]): void {
    if (this.level >= Level.Info) {
      new Entry(this).infof(format, ...args);
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:136-142 */
  warnf(format: string, ...args: unknown[]): void {
    if (this.level >= Level.Warn) {
      new Entry(this).warnf(format, ...args);
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:152-158 */
  errorf(format: string, ...args: unknown[]): void {
    if (this.level >= Level.Error) {
      new Entry(this).errorf(format, ...args);
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:177-183 */
  debug(...args: unknown[]): void {
    if (this.level >= Level.Debug) {
      new Entry(this).debug(...args);
    }
  }

  /** @go vendor/github.com/Sirupsen/logrus/logger.go:185-191 */
  info(...args: unknown[]): void {
    if (this.level >= Level.Info) {
      new Entry(this).info(...args);
    }
  }
}

/**
 * Returns a copy of the fields where user fields named `time`, `msg` or
 * `level` are also kept as `fields.time` and so on, so the formatter's own
 * keys do not hide them.
 *
 * @go vendor/github.com/Sirupsen/logrus/formatter.go:33-45
 */
function prefixFieldClashes(data: Fields): Fields {
  const copy: Fields = { ...data };

  for (const key of ['time', 'msg', 'level']) {
    if (key in data) {
      copy[`fields.${key}`] = data[key];
    }
  }

  return copy;
}

/** @go vendor/github.com/Sirupsen/logrus/text_formatter.go:142-148 */
function keyValue(key: string, value: unknown): string {
  return `${key}=${formatValue(value)} `;
}

/** @go vendor/github.com/Sirupsen/logrus/text_formatter.go:150-168 */
function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    return needsQuoting(value) ? goQuote(value) : value;
  }

  if (value instanceof Error) {
    return needsQuoting(value.message) ? goQuote(value.message) : value.message;
  }

  return String(value);
}

/** @go vendor/github.com/Sirupsen/logrus/text_formatter.go:130-140 */
function needsQuoting(text: string): boolean {
  return !/^[A-Za-z0-9.-]*$/.test(text);
}

/**
 * Formats a time as Go's `time.RFC3339` layout, `2006-01-02T15:04:05Z07:00`:
 * seconds precision, and `Z` for a zero offset.
 */
export function formatRFC3339(time: Date, utc: boolean): string {
  const offsetMinutes = utc ? 0 : -time.getTimezoneOffset();
  const shifted = new Date(time.getTime() + offsetMinutes * 60_000);
  const stamp = shifted.toISOString().slice(0, 19);

  if (offsetMinutes === 0) {
    return `${stamp}Z`;
  }

  const sign = offsetMinutes > 0 ? '+' : '-';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${stamp}${sign}${hours}:${minutes}`;
}

/**
 * Joins operands like Go's `fmt.Sprint`: a space goes between two operands
 * only when neither is a string.
 */
function sprint(args: unknown[]): string {
  let out = '';

  for (const [i, arg] of args.entries()) {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') {
      out += ' ';
    }

    out += formatOperand(arg);
  }

  return out;
}

/**
 * Formats like Go's `fmt.Sprintf` for the verbs Docker's log calls use:
 * `%s`, `%v`, `%d`, `%q` and `%%`. Missing operands print as Go does,
 * `%!s(MISSING)`.
 */
function sprintf(format: string, args: unknown[]): string {
  let next = 0;

  return format.replace(/%([%svdq])/g, (_match, verb: string) => {
    if (verb === '%') {
      return '%';
    }

    if (next >= args.length) {
      return `%!${verb}(MISSING)`;
    }

    const arg = args[next++];
    return verb === 'q' ? goQuote(formatOperand(arg)) : formatOperand(arg);
  });
}

function formatOperand(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
