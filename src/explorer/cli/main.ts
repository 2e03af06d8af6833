import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import { SCENARIOS } from '../scenarios/catalog.ts';
import { runScenario } from '../scenarios/run.ts';
import { addRenderOptions, registerRenderCommand, renderScenarioTraces } from './render-command.ts';
import { dockerCommand } from './docker-command.ts';
import { addServeCommand } from './serve-command.ts';

/**
 * Runs the dockhop command line and returns the exit code. Output goes to
 * the process's stdout and stderr.
 */
export async function run(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('dockhop')
    .description('Runs a TypeScript port of Docker 17.03 `docker plugin create` and traces every hop.')
    .enablePositionalOptions()
    .exitOverride();

  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(() => {
      // Two spaces after the longest name keep every summary apart from its name.
      const width = Math.max(...SCENARIOS.map((scenario) => scenario.name.length)) + 2;

      for (const scenario of SCENARIOS) {
        process.stdout.write(`${scenario.name.padEnd(width)}${scenario.summary}\n`);
      }
    });

  const traceCommand = program
    .command('trace')
    .description('run scenarios, write <out-dir>/traces/<name>.json for each and render them into <out-dir>/docs/')
    .argument('[names...]', 'scenario names (see `dockhop scenarios`)')
    .option('--all', 'run every scenario')
    .option('--out-dir <dir>', 'folder that receives traces/ and docs/', '.')
    .option('--no-render', 'write the traces only, without diagrams and walkthroughs');

  addRenderOptions(traceCommand).action(
    async (names: string[], options: { all?: boolean; outDir: string; render: boolean; detail: string; theme: string; format: string }) => {
      exitCode = await traceScenarios(names, options);
      exitCode = Math.max(exitCode, await renderScenarioTraces(names, options));
    },
  );

  registerRenderCommand(program, (code) => {
    exitCode = code;
  });

  program
    .command('docker')
    .description('run a docker command through the port in this process, as `docker` would')
    .argument('[args...]', 'docker arguments, e.g. plugin create NAME DIR')
    .option('--state-dir <dir>', 'daemon state root to keep plugins in (default: a temp dir, removed after)')
    .option('--trace <file>', 'where to write the trace', 'dockhop-trace.json')
    .option('--real-socket', 'send the requests to the daemon that DOCKER_HOST or -H names (such as `dockhop serve`) instead of an in-process one')
    .passThroughOptions()
    .allowUnknownOption()
    .helpOption('--dockhop-help', 'show help for dockhop docker')
    .action(async (args: string[], options: { stateDir?: string; trace: string; realSocket?: boolean }) => {
      exitCode = await dockerCommand(args, options);
    });

  addServeCommand(program, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    throw error;
  }

  return exitCode;
}

async function traceScenarios(names: string[], options: { all?: boolean; outDir: string }): Promise<number> {
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));

  if (unknown.length > 0) {
    process.stderr.write(`dockhop: unknown scenario ${unknown.join(', ')}; run \`dockhop scenarios\` for the list\n`);
    return 2;
  }

  if (names.length === 0 && options.all !== true) {
    process.stderr.write('dockhop: name at least one scenario, or pass --all\n');
    return 2;
  }

  const selected = options.all === true ? SCENARIOS : SCENARIOS.filter((scenario) => names.includes(scenario.name));
  let failed = 0;

  for (const scenario of selected) {
    const outcome = await runScenario(scenario, resolve(options.outDir));
    const mark = outcome.mismatches.length === 0 ? 'ok  ' : 'FAIL';

    process.stdout.write(`${mark} ${scenario.name.padEnd(24)} exit ${outcome.result.exitCode}  ${outcome.tracePath ?? ''}\n`);
    for (const mismatch of outcome.mismatches) {
      process.stdout.write(`     ${mismatch}\n`);
    }

    failed += outcome.mismatches.length === 0 ? 0 : 1;
  }

  return failed === 0 ? 0 : 1;
}
