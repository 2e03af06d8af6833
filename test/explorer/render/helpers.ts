import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../src/explorer/tracing/source-index.ts';
import type { TraceFile } from '../../../src/explorer/trace/trace-file.ts';

/** Reads a committed trace from traces/. */
export async function committedTrace(name: string): Promise<TraceFile> {
  return JSON.parse(await readFile(join(REPO_ROOT, 'traces', `${name}.json`), 'utf8')) as TraceFile;
}

/** Reads an expected file from test/fixtures/render/. */
export function fixture(name: string): Promise<string> {
  return readFile(join(REPO_ROOT, 'test/fixtures/render', name), 'utf8');
}
