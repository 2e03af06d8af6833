import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDocker, type RunDockerResult } from '../run-docker.ts';
import type { Expectation, Scenario } from './catalog.ts';
import { hostileUpload } from './uploads.ts';
import { REPO_ROOT } from '../tracing/source-index.ts';

/**
 * The time of every scenario run (SOURCE_DATE_EPOCH): 2017-03-01T00:00:00Z,
 * the day Docker 17.03.0-ce was released.
 */
export const DEFAULT_SOURCE_DATE_EPOCH = '1488326400';

/** A scenario's run with what differed from its expectation. */
export interface ScenarioResult {
  scenario: Scenario;
  result: RunDockerResult;
  /** One line per mismatch; empty when the scenario behaved as declared. */
  mismatches: string[];
  /** Path of the written trace, if one was written. */
  tracePath?: string;
}

/**
 * Runs one scenario on a fresh daemon state root with seeded IDs and
 * clamped times, checks its expectation and, with `outDir`, writes
 * `<outDir>/traces/<name>.json`. The CLI runs in the repository root,
 * whatever the current directory is, since the scenarios name the examples
 * by relative path.
 */
export async function runScenario(scenario: Scenario, outDir?: string): Promise<ScenarioResult> {
  // Always the same instant, so the committed traces do not depend on the caller's environment.
  process.env.SOURCE_DATE_EPOCH = DEFAULT_SOURCE_DATE_EPOCH;

  const stateRoot = await mkdtemp(join(tmpdir(), 'dockhop-state-'));

  try {
    const result = await runDocker({
      name: scenario.name,
      description: scenario.summary,
      args: scenario.args,
      before: scenario.before,
      upload:
        scenario.upload === undefined
          ? undefined
          : { repoName: scenario.upload.repoName, body: () => hostileUpload(scenario.upload!.hostile) },
      stateRoot,
      env: { SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH },
      // The scenarios name the examples relative to the repository root.
      cwd: REPO_ROOT,
      reproducible: true,
    });
    const mismatches = checkExpectation(scenario.expect, result);
    let tracePath: string | undefined;

    if (outDir !== undefined) {
      await mkdir(join(outDir, 'traces'), { recursive: true });
      tracePath = join(outDir, 'traces', `${scenario.name}.json`);
      await writeFile(tracePath, result.text);
    }

    return { scenario, result, mismatches, tracePath };
  } finally {
    await rm(stateRoot, { recursive: true, force: true });
  }
}

/** Lists how a run differs from what its scenario declares. */
export function checkExpectation(expect: Expectation, result: RunDockerResult): string[] {
  const mismatches: string[] = [];
  const firstLine = result.trace.stderr.split('\n')[0] ?? '';
  const status = httpStatusOf(result);

  if (result.exitCode !== expect.exitCode) {
    mismatches.push(`exit code ${result.exitCode}, expected ${expect.exitCode}`);
  }
  if (result.trace.stdout !== expect.stdout) {
    mismatches.push(`stdout ${JSON.stringify(result.trace.stdout)}, expected ${JSON.stringify(expect.stdout)}`);
  }
  if (firstLine !== expect.stderrFirstLine) {
    mismatches.push(`stderr ${JSON.stringify(firstLine)}, expected ${JSON.stringify(expect.stderrFirstLine)}`);
  }
  if (status !== expect.httpStatus) {
    mismatches.push(`HTTP status ${status}, expected ${expect.httpStatus}`);
  }

  return mismatches;
}

/**
 * The status of the daemon's response to the create request, from its server
 * span, or null when the CLI stopped before sending it. The `/_ping` the
 * CLI sends first is not counted.
 */
export function httpStatusOf(result: RunDockerResult): number | null {
  const server = result.trace.spans.find(
    (span) => span.name === 'Server.makeHTTPHandler' && String(span.attributes['url.path']).endsWith('/plugins/create'),
  );
  const status = server?.attributes['http.response.status_code'];

  return typeof status === 'number' ? status : null;
}
