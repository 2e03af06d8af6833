import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRecorder, type Recorder } from '../../../../src/explorer/tracing/provider.ts';
import { pluginWorkspace, runDocker } from './helpers.ts';

describe('cli spans', () => {
  let recorder: Recorder;
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    recorder = startRecorder({ seed: 'cli' });
    ({ dir, cleanup } = await pluginWorkspace());
  });

  afterEach(async () => {
    await recorder.shutdown();
    await cleanup();
  });

  it('records the create steps', async () => {
    await runDocker(['plugin', 'create', '--compress', 'myplugin', 'plug'], { cwd: dir });

    const spans = recorder.spans();
    const byName = new Map(spans.map((span) => [span.name, span]));
    const cliNames = spans.filter((s) => s.attributes['dockhop.layer'] === 'cli').map((s) => s.name);

    // Spans come in start order; the reference parser's own spans are skipped.
    expect(cliNames.filter((name) => !['parseNamed', 'normalize'].includes(name))).toEqual([
      'main',
      'checkMinArgs',
      'createRunE',
      'runCreate',
      'validateTag',
      'validateContextDir',
      'validateConfig',
    ]);
    expect(byName.get('main')!.attributes['dockhop.cli.args']).toEqual([
      'plugin',
      'create',
      '--compress',
      'myplugin',
      'plug',
    ]);
    expect(byName.get('main')!.attributes['dockhop.cli.exit_code']).toBe(0);
    expect(byName.get('runCreate')!.attributes['dockhop.plugin.name']).toBe('myplugin');
    expect(byName.get('runCreate')!.attributes['dockhop.cli.context_dir']).toBe('plug');
    expect(byName.get('runCreate')!.attributes['dockhop.cli.compress']).toBe(true);
    expect(byName.get('runCreate')!.attributes['dockhop.go.path']).toBe('cli/command/plugin/create.go');
    expect(byName.get('runCreate')!.attributes['dockhop.go.lines']).toBe('84-125');
    expect(byName.get('checkMinArgs')!.attributes['dockhop.go.lines']).toBe('31-43');
  });

  it('keeps absolute paths off spans', async () => {
    await runDocker(['plugin', 'create', 'myplugin', 'plug'], { cwd: dir });

    for (const span of recorder.spans()) {
      expect(JSON.stringify(span.attributes)).not.toContain(dir);
    }
  });
});
