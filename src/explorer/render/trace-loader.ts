import { readFile } from 'node:fs/promises';
import { LAYERS } from '../tracing/layer.ts';
import { TRACE_FORMAT_VERSION, type TraceFile, type TraceKind, type TraceSpan } from '../trace/trace-file.ts';

/** A trace file that cannot be rendered, with the file and the field at fault. */
export class TraceFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: field ${field} ${problem}`);
    this.name = 'TraceFileError';
  }
}

const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_CODES = ['unset', 'ok', 'error'];

/** Scenario names become folder names, so they are limited to this set. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads a dockhop trace file and checks every field the renderer uses.
 * Throws {@link TraceFileError} naming the file and the first bad field.
 */
export async function loadTraceFile(file: string): Promise<TraceFile> {
  let text: string;

  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read the trace file: ${(error as Error).message}`);
  }

  let data: unknown;

  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TraceFileError(file, '(whole file)', `is not valid JSON: ${(error as Error).message}`);
  }

  return validateTrace(file, data);
}

/** Checks parsed JSON against trace format version 1; `file` only labels errors. */
export function validateTrace(file: string, data: unknown): TraceFile {
  const check = new Checker(file);
  const trace = check.object(data, '(top level)');

  check.equal(trace, 'format', 'dockhop-trace');
  check.equal(trace, 'version', TRACE_FORMAT_VERSION);
  const kind = checkKind(check, trace);
  const name = check.string(trace, 'name');

  if (!SAFE_NAME.test(name)) {
    throw new TraceFileError(file, 'name', `is ${JSON.stringify(name)}; expected letters, digits, '.', '_' or '-'`);
  }

  check.string(trace, 'description');
  const command = check.array(trace, 'command');
  command.forEach((item, index) => check.isString(item, `command[${index}]`));

  if (kind === 'command') {
    if (command[0] !== 'docker') {
      throw new TraceFileError(file, 'command', `starts with ${describe(command[0])}; expected "docker" in a command trace`);
    }
  } else {
    checkRequest(check, trace.request);
  }

  if (kind === 'request') {
    if (trace.exitCode !== null) {
      throw new TraceFileError(file, 'exitCode', `is ${describe(trace.exitCode)}; expected null in a request trace`);
    }
  } else {
    check.number(trace, 'exitCode');
  }

  check.string(trace, 'stdout');
  check.string(trace, 'stderr');
  check.array(trace, 'daemonLog').forEach((line, index) => {
    const entry = check.object(line, `daemonLog[${index}]`);
    check.string(entry, 'level', `daemonLog[${index}].`);
    check.string(entry, 'message', `daemonLog[${index}].`);
  });
  check.boolean(trace, 'reproducible');

  const spans = check.array(trace, 'spans');

  if (spans.length === 0) {
    throw new TraceFileError(file, 'spans', 'is empty; expected at least the root span');
  }

  const seen = new Set<string>();
  spans.forEach((span, index) => validateSpan(check, span, index, seen, kind));

  return data as TraceFile;
}

const TRACE_KINDS = ['command', 'upload', 'request'];

function checkKind(check: Checker, trace: JsonObject): TraceKind {
  if (trace.kind === undefined) {
    return 'command';
  }

  const kind = check.string(trace, 'kind');
  if (!TRACE_KINDS.includes(kind)) {
    throw new TraceFileError(check.file, 'kind', `is ${JSON.stringify(kind)}; expected one of ${TRACE_KINDS.join(', ')}`);
  }
  return kind as TraceKind;
}

function checkRequest(check: Checker, value: unknown): void {
  const request = check.object(value, 'request');
  check.string(request, 'method', 'request.');
  check.string(request, 'target', 'request.');

  if (request.status !== null && typeof request.status !== 'number') {
    throw new TraceFileError(check.file, 'request.status', `is ${describe(request.status)}; expected a number or null`);
  }
}

function validateSpan(check: Checker, value: unknown, index: number, seen: Set<string>, traceKind: TraceKind): void {
  const at = `spans[${index}].`;
  const span = check.object(value, `spans[${index}]`);
  const spanId = check.string(span, 'spanId', at);
  const parent = span.parentSpanId;

  // A served request's root span continues the client's trace, so its parent may be the client's span in another file.
  if (index === 0 && parent !== null && traceKind !== 'request') {
    throw new TraceFileError(check.file, `${at}parentSpanId`, 'must be null on the first (root) span');
  }

  if (index > 0) {
    if (typeof parent !== 'string') {
      throw new TraceFileError(check.file, `${at}parentSpanId`, 'is missing; expected the ID of an earlier span');
    }
    if (!seen.has(parent)) {
      throw new TraceFileError(check.file, `${at}parentSpanId`, `names ${parent}, which is not an earlier span`);
    }
  }

  seen.add(spanId);
  check.string(span, 'name', at);

  const kind = check.string(span, 'kind', at);
  if (!SPAN_KINDS.includes(kind)) {
    throw new TraceFileError(check.file, `${at}kind`, `is ${JSON.stringify(kind)}; expected one of ${SPAN_KINDS.join(', ')}`);
  }

  for (const key of ['startUs', 'durationUs'] as const) {
    if (span[key] !== undefined && typeof span[key] !== 'number') {
      throw new TraceFileError(check.file, `${at}${key}`, 'must be a number when present');
    }
  }

  const status = check.object(span.status, `${at}status`);
  const code = check.string(status, 'code', `${at}status.`);
  if (!STATUS_CODES.includes(code)) {
    throw new TraceFileError(check.file, `${at}status.code`, `is ${JSON.stringify(code)}; expected unset, ok or error`);
  }

  const attributes = check.object(span.attributes, `${at}attributes`);
  check.attributeString(attributes, 'code.function', at);
  check.attributeString(attributes, 'code.filepath', at);
  check.attributeNumber(attributes, 'code.lineno', at);

  const layer = check.attributeString(attributes, 'dockhop.layer', at);
  if (!(LAYERS as readonly string[]).includes(layer)) {
    throw new TraceFileError(
      check.file,
      `${at}attributes["dockhop.layer"]`,
      `is ${JSON.stringify(layer)}; expected one of ${LAYERS.join(', ')}`,
    );
  }

  check.array(span, 'events', at).forEach((event, eventIndex) => {
    const entry = check.object(event, `${at}events[${eventIndex}]`);
    check.string(entry, 'name', `${at}events[${eventIndex}].`);
    check.object(entry.attributes, `${at}events[${eventIndex}].attributes`);
  });
}

type JsonObject = Record<string, unknown>;

/** Field checks that throw a {@link TraceFileError} with the field's path. */
class Checker {
  constructor(readonly file: string) {}

  object(value: unknown, field: string): JsonObject {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TraceFileError(this.file, field, `is ${describe(value)}; expected an object`);
    }
    return value as JsonObject;
  }

  string(owner: JsonObject, key: string, prefix = ''): string {
    return this.isString(owner[key], `${prefix}${key}`);
  }

  isString(value: unknown, field: string): string {
    if (typeof value !== 'string') {
      throw new TraceFileError(this.file, field, `is ${describe(value)}; expected a string`);
    }
    return value;
  }

  number(owner: JsonObject, key: string): number {
    const value = owner[key];
    if (typeof value !== 'number') {
      throw new TraceFileError(this.file, key, `is ${describe(value)}; expected a number`);
    }
    return value;
  }

  boolean(owner: JsonObject, key: string): boolean {
    const value = owner[key];
    if (typeof value !== 'boolean') {
      throw new TraceFileError(this.file, key, `is ${describe(value)}; expected true or false`);
    }
    return value;
  }

  array(owner: JsonObject, key: string, prefix = ''): unknown[] {
    const value = owner[key];
    if (!Array.isArray(value)) {
      throw new TraceFileError(this.file, `${prefix}${key}`, `is ${describe(value)}; expected an array`);
    }
    return value;
  }

  equal(owner: JsonObject, key: string, expected: string | number): void {
    if (owner[key] !== expected) {
      throw new TraceFileError(this.file, key, `is ${describe(owner[key])}; expected ${JSON.stringify(expected)}`);
    }
  }

  attributeString(attributes: JsonObject, key: string, prefix: string): string {
    const value = attributes[key];
    if (typeof value !== 'string' || value === '') {
      throw new TraceFileError(this.file, `${prefix}attributes["${key}"]`, `is ${describe(value)}; expected a non-empty string`);
    }
    return value;
  }

  attributeNumber(attributes: JsonObject, key: string, prefix: string): number {
    const value = attributes[key];
    if (typeof value !== 'number') {
      throw new TraceFileError(this.file, `${prefix}attributes["${key}"]`, `is ${describe(value)}; expected a number`);
    }
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) {
    return 'missing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}

export type { TraceFile, TraceSpan };
