import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Browser } from 'puppeteer';
import { SCENARIOS } from '../scenarios/catalog.ts';
import { DEFAULT_SOURCE_DATE_EPOCH } from '../scenarios/run.ts';
import { REPO_ROOT } from '../tracing/source-index.ts';
import type { TraceFile } from '../trace/trace-file.ts';
import { BrowserUnavailableError, launchBrowser, renderDiagram, type ImageFormat } from './browser.ts';
import { ExcerptFinder } from './excerpt.ts';
import { isScenarioTrace, writeIndex } from './index-page.ts';
import type { Detail, Theme } from './mermaid-config.ts';
import { writePost } from './post.ts';
import { buildSequence } from './sequence.ts';
import { resolveSources } from './sources.ts';
import { loadTraceFile } from './trace-loader.ts';
import { writeWalkthrough } from './walkthrough.ts';

/** How to render a set of traces. */
export interface RenderOptions {
  /** Folder that receives `docs/`. */
  outDir: string;
  detail: Detail;
  theme: Theme;
  /** Image formats; empty writes only the `.mmd` and `.md` files. */
  formats: ImageFormat[];
  /** Seconds since 1970 for the posts' date; defaults to SOURCE_DATE_EPOCH, then to the 17.03 release day. */
  sourceDateEpoch?: number;
  /** Starts the browser; tests pass one that shares a browser or fails on purpose. */
  launch?: () => Promise<Browser>;
  /** Keeps the browser open after rendering (the caller owns it). */
  keepBrowser?: boolean;
  /**
   * Lists only the built-in scenarios in `docs/index.md` and rejects other
   * traces named like a scenario. Default: true when `outDir` is this
   * repository, whose committed index lists the scenarios.
   */
  scenarioIndexOnly?: boolean;
  /** Folder that walkthroughs name trace files relative to; default: the current directory. */
  pathsRelativeTo?: string;
}

/** Result of a render pass: the files written, and why images are missing if they are. */
export interface RenderResult {
  files: string[];
  /** Reason `docs/index.md` was left unchanged; absent when it was written. */
  indexSkipped?: string;
  /** Set when no SVG or PNG could be rendered; the `.mmd` and `.md` files are written anyway. */
  imageError?: Error;
}

/**
 * Renders each trace file into `<outDir>/docs/<name>/`: `sequence.mmd`,
 * `walkthrough.md`, `post.md` and the images, then rewrites
 * `<outDir>/docs/index.md`. In this repository's own `docs/`, the index
 * lists the built-in scenarios only, so rendering other traces there
 * leaves it as it is. All images are drawn in one browser. Trace and
 * source errors throw before anything is written.
 */
export async function renderTraces(traceFiles: string[], options: RenderOptions): Promise<RenderResult> {
  const traces: TraceFile[] = [];

  for (const file of traceFiles) {
    traces.push(await loadTraceFile(file));
  }

  const names = traces.map((trace) => trace.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);

  if (duplicate !== undefined) {
    throw new Error(
      `two traces are named ${duplicate}; each needs its own docs/${duplicate}/ folder, so render them separately ` +
        'with different --out-dir folders',
    );
  }

  const intoRepository = options.scenarioIndexOnly ?? resolve(options.outDir) === resolve(REPO_ROOT);
  const clash = intoRepository ? traces.find((trace) => !isScenarioTrace(trace) && isScenarioName(trace.name)) : undefined;

  if (clash !== undefined) {
    throw new Error(
      `trace ${clash.name} is not the built-in scenario of that name, so rendering it here would overwrite ` +
        `docs/${clash.name}/; pass --out-dir, or rename the trace file and record it again`,
    );
  }

  const epoch = options.sourceDateEpoch ?? Number(process.env.SOURCE_DATE_EPOCH ?? DEFAULT_SOURCE_DATE_EPOCH);
  const finder = new ExcerptFinder();
  const pages = traces.map((trace, index) => {
    const tracePath = relative(options.pathsRelativeTo ?? process.cwd(), resolve(traceFiles[index]!)).split('\\').join('/');
    const diagram = buildSequence(trace, { detail: options.detail, theme: options.theme });
    const hops = options.detail === 'hops' ? diagram : buildSequence(trace, { detail: 'hops', theme: options.theme });
    const sources = resolveSources(trace, finder);

    return {
      trace,
      diagram,
      files: {
        'sequence.mmd': diagram.text,
        'walkthrough.md': writeWalkthrough(trace, diagram, sources, tracePath),
        'post.md': writePost(trace, hops, sources, epoch),
      },
    };
  });

  const docsDir = join(options.outDir, 'docs');
  const written: string[] = [];

  for (const page of pages) {
    const dir = join(docsDir, page.trace.name);
    await mkdir(dir, { recursive: true });

    for (const [name, text] of Object.entries(page.files)) {
      await writeFile(join(dir, name), text);
      written.push(join(dir, name));
    }
  }

  const result: RenderResult = { files: written };

  if (intoRepository && !traces.some(isScenarioTrace)) {
    result.indexSkipped = 'it lists the built-in scenarios only; pass --out-dir to index other traces';
  } else {
    const indexed = await indexedTraces(options.outDir, traces);
    const listed = intoRepository ? indexed.filter(isScenarioTrace) : indexed;
    await writeFile(join(docsDir, 'index.md'), writeIndex(listed, { architecture: existsSync(join(docsDir, 'architecture.md')) }));
    written.push(join(docsDir, 'index.md'));
  }

  if (options.formats.length === 0) {
    return result;
  }

  let browser: Browser;

  try {
    browser = await (options.launch ?? launchBrowser)();
  } catch (error) {
    result.imageError = error instanceof BrowserUnavailableError ? error : new BrowserUnavailableError((error as Error).message);
    return result;
  }

  try {
    for (const page of pages) {
      for (const format of options.formats) {
        const file = join(docsDir, page.trace.name, `sequence.${format}`);
        await writeFile(file, await renderDiagram(browser, page.diagram.text, format, options.theme));
        written.push(file);
      }
    }
  } finally {
    if (options.keepBrowser !== true) {
      await browser.close();
    }
  }

  return result;
}

function isScenarioName(name: string): boolean {
  return SCENARIOS.some((scenario) => scenario.name === name);
}

/**
 * Lists what the index links to: the traces just rendered, plus traces in
 * `<outDir>/traces/` that already have a rendered folder.
 */
async function indexedTraces(outDir: string, rendered: TraceFile[]): Promise<TraceFile[]> {
  const byName = new Map(rendered.map((trace) => [trace.name, trace]));
  const tracesDir = join(outDir, 'traces');
  const entries = existsSync(tracesDir) ? await readdir(tracesDir) : [];

  for (const entry of entries.filter((name) => name.endsWith('.json')).sort()) {
    const name = entry.slice(0, -'.json'.length);

    if (byName.has(name) || !existsSync(join(outDir, 'docs', name, 'walkthrough.md'))) {
      continue;
    }

    const trace = await loadTraceFile(join(tracesDir, entry));
    byName.set(trace.name, trace);
  }

  return [...byName.values()];
}
