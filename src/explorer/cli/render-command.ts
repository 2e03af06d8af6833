import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IMAGE_FORMATS, parseFormats } from '../render/browser.ts';
import { parseDetail, parseTheme, THEMES } from '../render/mermaid-config.ts';
import { renderTraces, type RenderOptions } from '../render/render-traces.ts';
import { SCENARIOS } from '../scenarios/catalog.ts';

/** The render options as commander parses them. */
interface RenderFlags {
  outDir: string;
  detail: string;
  theme: string;
  format: string;
  render?: boolean;
}

/**
 * Adds `--detail`, `--theme` and `--format` to a command and checks them
 * before its action runs, so a typo fails before any scenario runs.
 */
export function addRenderOptions(command: Command): Command {
  return command
    .addOption(new Option('--detail <level>', 'diagram detail: hops (one arrow per layer boundary) or steps (every span)').default('hops'))
    .addOption(new Option('--theme <name>', `Mermaid theme: ${THEMES.join(', ')}`).default('default'))
    .addOption(new Option('--format <list>', `image formats, comma-separated: ${IMAGE_FORMATS.join(', ')}, or none`).default('svg,png'))
    .hook('preAction', (current) => {
      try {
        toRenderOptions(current.opts<RenderFlags>());
      } catch (error) {
        current.error(`dockhop: ${(error as Error).message}`, { exitCode: 2 });
      }
    });
}

/** Registers `dockhop render TRACE…`; `setExitCode` receives the command's exit code. */
export function registerRenderCommand(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('render')
    .description(
      'write <out-dir>/docs/<name>/ (sequence.mmd, .svg, .png, walkthrough.md, post.md) for each trace and list them in ' +
        "docs/index.md (in this repository's docs/, the index lists the built-in scenarios only)",
    )
    .argument('<traces...>', 'trace files written by `dockhop trace`, `dockhop docker` or `dockhop serve`')
    .option('--out-dir <dir>', 'folder that receives docs/', '.');

  addRenderOptions(command).action(async (traces: string[], flags: RenderFlags) => {
    setExitCode(await renderCommand(traces, flags));
  });
}

/**
 * The render step of `dockhop trace`: renders the traces the run wrote,
 * unless `--no-render` was given. Returns an exit code.
 */
export async function renderScenarioTraces(names: string[], flags: RenderFlags & { all?: boolean }): Promise<number> {
  if (flags.render === false) {
    return 0;
  }

  const selected = flags.all === true ? SCENARIOS.map((scenario) => scenario.name) : names;
  const files = selected
    .map((name) => join(resolve(flags.outDir), 'traces', `${name}.json`))
    .filter((file) => existsSync(file));

  return files.length === 0 ? 0 : renderCommand(files, flags);
}

async function renderCommand(traces: string[], flags: RenderFlags): Promise<number> {
  try {
    const result = await renderTraces(traces, toRenderOptions(flags));

    for (const file of result.files) {
      process.stdout.write(`wrote ${file}\n`);
    }

    if (result.indexSkipped !== undefined) {
      process.stdout.write(`left docs/index.md unchanged: ${result.indexSkipped}\n`);
    }

    if (result.imageError !== undefined) {
      process.stderr.write(`dockhop: ${result.imageError.message}\n`);
      return 1;
    }

    return 0;
  } catch (error) {
    process.stderr.write(`dockhop: render failed: ${(error as Error).message}\n`);
    return 1;
  }
}

function toRenderOptions(flags: RenderFlags): RenderOptions {
  return {
    outDir: resolve(flags.outDir),
    detail: parseDetail(flags.detail),
    theme: parseTheme(flags.theme),
    formats: parseFormats(flags.format),
  };
}
