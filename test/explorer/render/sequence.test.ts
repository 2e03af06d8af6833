import { describe, expect, it } from 'vitest';
import { buildSequence } from '../../../src/explorer/render/sequence.ts';
import { escapeMermaid, shortDigest } from '../../../src/explorer/render/labels.ts';
import { committedTrace, fixture } from './helpers.ts';

describe('sequence diagram', () => {
  it('create at hop detail matches the expected file', async () => {
    const diagram = buildSequence(await committedTrace('create'), { detail: 'hops', theme: 'default' });
    expect(diagram.text).toBe(await fixture('create-hops.mmd'));
  });

  it('create at step detail matches the expected file', async () => {
    const diagram = buildSequence(await committedTrace('create'), { detail: 'steps', theme: 'default' });
    expect(diagram.text).toBe(await fixture('create-steps.mmd'));
  });

  it('duplicate-name matches the expected file', async () => {
    const diagram = buildSequence(await committedTrace('duplicate-name'), { detail: 'hops', theme: 'default' });
    expect(diagram.text).toBe(await fixture('duplicate-name-hops.mmd'));
  });

  it('steps detail draws one call per span', async () => {
    const trace = await committedTrace('create');
    const diagram = buildSequence(trace, { detail: 'steps', theme: 'default' });
    const calls = diagram.text.split('\n').filter((line) => line.includes('->>+'));

    expect(calls).toHaveLength(trace.spans.length);
    expect(diagram.hops.map((hop) => hop.number)).toEqual(trace.spans.map((_, index) => String(index + 1)));
  });

  it('hops detail numbers every span once', async () => {
    const trace = await committedTrace('create');
    const diagram = buildSequence(trace, { detail: 'hops', theme: 'default' });
    const arrows = diagram.hops.filter((hop) => hop.arrow).map((hop) => hop.number);

    expect(new Set(diagram.hops.map((hop) => hop.span))).toEqual(new Set(trace.spans));
    expect(arrows).toEqual(arrows.map((_, index) => String(index + 1)));
  });

  it('hops detail draws the ping through every hop', async () => {
    const diagram = buildSequence(await committedTrace('create'), { detail: 'hops', theme: 'default' });
    const lines = diagram.text.split('\n');
    const start = lines.indexOf('CLI->>+API: ping<br/>GET /_ping');

    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 7)).toEqual([
      'autonumber off',
      'API->>+MSW: interceptDaemonRequest',
      'MSW->>+SRV: Server.makeHTTPHandler',
      'SRV-->>-MSW: 200 OK',
      'MSW-->>-API: 200 OK',
      'API-->>-CLI: 200 OK<br/>API-Version 1.26',
    ]);
    expect(diagram.text).not.toContain('CLI->>+SRV');
    expect(diagram.text).not.toContain('pingHandler');
  });

  it('ping stays one numbered call', async () => {
    const diagram = buildSequence(await committedTrace('create'), { detail: 'hops', theme: 'default' });
    const ping = diagram.hops.find((hop) => hop.span.name === 'ping')!;

    expect(ping.arrow).toBe(true);
    expect(diagram.hops.filter((hop) => hop.number.startsWith(`${ping.number}.`)).map((hop) => hop.span.name)).toContain('pingHandler');
  });

  it('raw upload is labelled as one', async () => {
    const trace = await committedTrace('hostile-dotdot');
    const diagram = buildSequence(trace, { detail: 'hops', theme: 'default' });

    expect(trace.kind).toBe('upload');
    expect(trace.command).toEqual([]);
    expect(trace.request).toEqual({ method: 'POST', target: '/v1.26/plugins/create?name=hostile%2Fdotdot', status: 204 });
    expect(diagram.text).toContain('title: "raw upload: POST /v1.26/plugins/create?name=hostile%2Fdotdot (hand-built tar)"');
    expect(diagram.text).toContain('T->>+API: raw upload<br/>POST /v1.26/plugins/create<br/>?name=hostile%2Fdotdot<br/>(hand-built tar)');
    expect(diagram.text).not.toContain(': docker\n');
  });

  it('failed raw upload returns its status', async () => {
    const diagram = buildSequence(await committedTrace('hostile-hardlink-outside'), { detail: 'hops', theme: 'default' });
    const last = diagram.text.trimEnd().split('\n').at(-1)!;

    expect(last.startsWith('API--x-T: 404 Not Found<br/>Error response from daemon')).toBe(true);
    // The daemon's message contains "exit status 1"; the diagram must add no exit code of its own.
    expect(last).not.toMatch(/<br\/>exit \d+$/);
  });

  it('error path starts at the store and reaches the terminal', async () => {
    const diagram = buildSequence(await committedTrace('duplicate-name'), { detail: 'hops', theme: 'default' });
    const lines = diagram.text.split('\n');
    const origin = lines.findIndex((line) => line.startsWith('PS--x-PM: plugin "vieux/sshfs:latest"'));
    const terminal = lines.findIndex((line) => line.startsWith('CLI--x-T: stderr: Error response from daemon'));

    expect(diagram.origin?.name).toBe('Store.validateName');
    expect(origin).toBeGreaterThan(0);
    expect(terminal).toBeGreaterThan(origin);
    expect(lines.slice(origin, terminal + 1).filter((line) => line.includes('--x-'))).toHaveLength(6);
  });

  it('compress failure starts in the tar split', async () => {
    const diagram = buildSequence(await committedTrace('create-compressed'), { detail: 'hops', theme: 'default' });

    expect(diagram.origin?.name).toBe('splitConfigRootFSFromTar');
  });

  it('CLI-side failure starts in normalize', async () => {
    const diagram = buildSequence(await committedTrace('invalid-name-uppercase'), { detail: 'hops', theme: 'default' });

    expect(diagram.origin?.name).toBe('normalize');
    expect(diagram.participants).toEqual(['T', 'CLI', 'API', 'MSW', 'SRV']);
  });

  it('long URL in a label wraps', async () => {
    const trace = await committedTrace('create');
    const url = 'http://%2Fvar%2Frun%2Fdocker.sock/v1.26/plugins/create?name=rs%2Fx&tag=a-very-long-tag-name-for-the-test';
    trace.command = ['docker', 'plugin', 'create', url];
    const diagram = buildSequence(trace, { detail: 'hops', theme: 'default' });
    const rootCall = diagram.text.split('\n').find((line) => line.startsWith('T->>+CLI: '))!;
    const labelLines = rootCall.slice('T->>+CLI: '.length).split('<br/>');

    expect(labelLines).toEqual([
      'docker plugin create',
      '"http://%2Fvar%2Frun%2Fdocker.sock/v1.26',
      '/plugins/create?name=rs%2Fx',
      '&tag=a-very-long-tag-name-for-the-test"',
    ]);
    for (const line of labelLines) {
      expect(line.length).toBeLessThanOrEqual(40);
    }
  });

  it('unbreakable word wraps every 40 characters', async () => {
    const trace = await committedTrace('create');
    trace.command = ['docker', 'plugin', 'create', 'x'.repeat(90)];
    const diagram = buildSequence(trace, { detail: 'hops', theme: 'default' });
    const rootCall = diagram.text.split('\n').find((line) => line.startsWith('T->>+CLI: '))!;

    expect(rootCall).toBe(`T->>+CLI: docker plugin create<br/>${'x'.repeat(40)}<br/>${'x'.repeat(40)}<br/>${'x'.repeat(10)}`);
  });

  it('theme goes into the front matter', async () => {
    const diagram = buildSequence(await committedTrace('create'), { detail: 'hops', theme: 'forest' });

    expect(diagram.text).toContain('\n  theme: forest\n');
  });
});

describe('labels', () => {
  it('shortDigest keeps 12 hex digits', () => {
    expect(shortDigest('sha256:f26e874628710f11d5579919555a251c2b3fa6afc48e804f8bd52405ba1d70ae')).toBe('sha256:f26e87462871');
    expect(shortDigest('c9e9c683d28cf1486e051b754bedd014830bd53a43478b417030fc860fb61d52')).toBe('c9e9c683d28c');
  });

  it('escapeMermaid encodes syntax characters', () => {
    expect(escapeMermaid('a;b#c<d>')).toBe('a#59;b#35;c#lt;d#gt;');
  });
});
