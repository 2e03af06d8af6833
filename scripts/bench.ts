/**
 * Measures how `docker plugin create` through the port scales with the
 * rootfs size: wall time and peak resident memory for two paths. Each path
 * runs in a child process of its own, after a baseline in that same process
 * (the CLI's tar stream alone, hashed and discarded), so that memory one
 * path kept does not show up in the next one's figures.
 *
 *   node --expose-gc --import tsx scripts/bench.ts [SIZE_MB] [ROUNDS]
 *
 * Prints a Markdown table; docs/benchmarks.md keeps the figures of a run.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runDocker } from '../src/explorer/run-docker.ts';
import { startServe } from '../src/explorer/serve/serve.ts';
import { newClient } from '../src/moby/client/client.ts';
import { tarWithOptions } from '../src/moby/pkg/archive/archive.ts';
import { Logger, TextFormatter } from '../src/logrus/logrus.ts';

const sizeMB = Number(process.argv[2] ?? 64);
const rounds = Number(process.argv[3] ?? 2);

interface Figure {
  name: string;
  seconds: number;
  peakMB: number;
}

/** Runs `work` and returns its wall time and the peak RSS above the RSS at its start. */
async function measure(name: string, work: () => Promise<void>): Promise<Figure> {
  (globalThis as { gc?: () => void }).gc?.();
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();

  await work();

  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { name, seconds, peakMB: (peak - startRss) / 2 ** 20 };
}

async function makePluginDir(root: string): Promise<string> {
  const dir = join(root, 'plugin');
  await mkdir(join(dir, 'rootfs/data'), { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify({ description: 'bench', entrypoint: ['/x'] }));

  // Incompressible content in 16 MiB files, so gzip does real work.
  const files = Math.max(1, Math.ceil(sizeMB / 16));
  for (let i = 0; i < files; i++) {
    await writeFile(join(dir, 'rootfs/data', `blob${i}`), randomBytes(Math.min(16, sizeMB - i * 16) * 2 ** 20));
  }

  return dir;
}

const PATHS = ['in process (msw hop)', 'unix socket (dockhop serve)'] as const;
type PathName = (typeof PATHS)[number];

/** Runs one path `rounds` times after a baseline, in this process, and prints the figures as JSON. */
async function runChild(path: PathName, dir: string, root: string): Promise<void> {
  const figures: Figure[] = [];

  for (let round = 0; round < rounds; round++) {
    figures.push(
      await measure('baseline', async () => {
        const hash = createHash('sha256');
        await pipeline(tarWithOptions(dir, {}), new Writable({ write: (chunk, _e, cb) => (hash.update(chunk), cb()) }));
      }),
    );
    figures.push(await measure(path, () => createThrough(path, dir, join(root, `${process.pid}-${round}`))));
  }

  process.stdout.write(JSON.stringify(figures));
}

async function createThrough(path: PathName, dir: string, work: string): Promise<void> {
  if (path === 'in process (msw hop)') {
    const result = await runDocker({
      name: 'bench',
      args: ['plugin', 'create', 'bench/msw', dir],
      stateRoot: join(work, 'state'),
      env: {},
      reproducible: false,
    });
    if (result.exitCode !== 0) {
      throw new Error(`in-process create failed: ${result.stderr}`);
    }
    return;
  }

  await mkdir(work, { recursive: true });
  const socket = join(work, 'docker.sock');
  const serve = await startServe({
    address: { kind: 'unix', path: socket },
    stateRoot: join(work, 'state'),
    traceDir: join(work, 'traces'),
    logger: new Logger({ out: { write: () => undefined }, formatter: new TextFormatter() }),
  });

  try {
    await newClient(`unix://${socket}`, '1.26', undefined, undefined).pluginCreate(tarWithOptions(dir, {}), {
      repoName: 'bench/serve',
    });
  } finally {
    await serve.close();
  }
}

async function main(): Promise<void> {
  const [, , , , childPath, childDir, childRoot] = process.argv;

  if (childPath !== undefined) {
    await runChild(childPath as PathName, childDir!, childRoot!);
    return;
  }

  const root = await mkdtemp(join(tmpdir(), 'dockhop-bench-'));

  try {
    const dir = await makePluginDir(root);

    console.log(`rootfs ${sizeMB} MiB, ${rounds} rounds per path, best time and highest peak, node ${process.version}\n`);
    console.log('| path | seconds | × baseline | peak RSS above start (MiB) | baseline peak (MiB) | × rootfs size |');
    console.log('|---|---|---|---|---|---|');

    for (const path of PATHS) {
      const output = execFileSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), String(sizeMB), String(rounds), path, dir, root],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const figures = JSON.parse(output) as Figure[];
      const baseline = figures.filter((f) => f.name === 'baseline');
      const measured = figures.filter((f) => f.name === path);
      const bestBaseline = Math.min(...baseline.map((f) => f.seconds));
      const best = Math.min(...measured.map((f) => f.seconds));
      const peak = Math.max(...measured.map((f) => f.peakMB));
      const baselinePeak = Math.max(...baseline.map((f) => f.peakMB));

      console.log(
        `| ${path} | ${best.toFixed(2)} | ${(best / bestBaseline).toFixed(1)} | ${peak.toFixed(0)} | ${baselinePeak.toFixed(0)} | ${(peak / sizeMB).toFixed(2)} |`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
