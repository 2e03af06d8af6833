import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/explorer/scenarios/catalog.ts';
import { httpStatusOf, runScenario, type ScenarioResult } from '../../src/explorer/scenarios/run.ts';
import type { TraceSpan } from '../../src/explorer/trace/trace-file.ts';

const results = new Map<string, ScenarioResult>();

beforeAll(async () => {
  for (const scenario of SCENARIOS) {
    results.set(scenario.name, await runScenario(scenario));
  }
});

afterAll(() => {
  results.clear();
});

/** Finds the first span called `name` that belongs to the create request, not the ping. */
function spanNamed(spans: TraceSpan[], name: string): TraceSpan {
  const span = spans.find(
    (candidate) =>
      candidate.name === name && !ancestors(spans, candidate).includes('ping') && candidate.attributes['url.path'] !== '/_ping',
  );
  expect(span, `span ${name}`).toBeDefined();
  return span!;
}

function ancestors(spans: TraceSpan[], span: TraceSpan): string[] {
  const names: string[] = [];
  let parent = span.parentSpanId;

  while (parent !== null) {
    const next = spans.find((candidate) => candidate.spanId === parent);
    if (next === undefined) {
      break;
    }
    names.push(next.name);
    parent = next.parentSpanId;
  }

  return names;
}

describe('scenarios', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name} meets its expectation`, () => {
      const outcome = results.get(scenario.name)!;
      expect(outcome.mismatches).toEqual([]);
      expect(outcome.result.exitCode).toBe(scenario.expect.exitCode);
      expect(httpStatusOf(outcome.result)).toBe(scenario.expect.httpStatus);
    });
  }

  it('create pings the daemon first', () => {
    const spans = results.get('create')!.result.trace.spans;
    const requests = spans.filter((span) => span.name === 'Do').map((span) => `${span.attributes['http.request.method']} ${span.attributes['url.path']}`);

    expect(requests).toEqual(['GET /_ping', 'POST /v1.26/plugins/create']);
  });

  it('create sends the 17.03 request line and headers', () => {
    const spans = results.get('create')!.result.trace.spans;
    const transport = spanNamed(spans, 'Do');

    expect(transport.attributes['http.request.method']).toBe('POST');
    expect(transport.attributes['url.full']).toBe('http://%2Fvar%2Frun%2Fdocker.sock/v1.26/plugins/create?name=vieux%2Fsshfs');
    expect(transport.attributes['http.request.header.content-type']).toEqual(['application/tar']);
    expect(transport.attributes['http.request.header.user-agent']).toEqual(['Docker-Client/17.03.0-ce (linux)']);
    expect(transport.attributes['http.response.status_code']).toBe(204);
  });

  it('create keeps one trace across the HTTP hop', () => {
    const spans = results.get('create')!.result.trace.spans;
    const route = spanNamed(spans, 'createPlugin');
    const backend = spanNamed(spans, 'createFromContext');

    expect(ancestors(spans, route)).toEqual(
      expect.arrayContaining(['Server.makeHTTPHandler', 'interceptDaemonRequest', 'Do', 'pluginCreate', 'runCreate', 'main']),
    );
    expect(ancestors(spans, backend)[0]).toBe('createPlugin');
    expect(spans.filter((span) => span.parentSpanId === null).map((span) => span.name)).toEqual(['main']);
  });

  it('create records the server headers and 204', () => {
    const server = spanNamed(results.get('create')!.result.trace.spans, 'Server.makeHTTPHandler');

    expect(server.attributes['http.route']).toBe('/v{version:[0-9.]+}/plugins/create');
    expect(server.attributes['http.response.status_code']).toBe(204);
    expect(server.attributes['http.response.header.server']).toEqual(['Docker/17.03.0-ce (linux)']);
    expect(server.attributes['http.response.header.api-version']).toEqual(['1.26']);
    expect(server.attributes['http.response.header.docker-experimental']).toEqual(['false']);
  });

  it('create tags every ported span with its Go origin', () => {
    const spans = results.get('create')!.result.trace.spans;
    const untagged = spans.filter(
      (span) => span.name !== 'interceptDaemonRequest' && typeof span.attributes['dockhop.go.path'] !== 'string',
    );

    expect(untagged.map((span) => span.name)).toEqual([]);
    expect(spanNamed(spans, 'createFromContext').attributes['dockhop.go.path']).toBe('plugin/backend_linux.go');
    expect(spanNamed(spans, 'createFromContext').attributes['dockhop.go.lines']).toBe('626-725');
  });

  it('create emits the plugin event with the stored name', () => {
    const spans = results.get('create')!.result.trace.spans;
    const event = spans.flatMap((span) => span.events).find((candidate) => candidate.name === 'docker.event');

    expect(event?.attributes['docker.event.action']).toBe('create');
    expect(event?.attributes['docker.event.actor.name']).toBe('vieux/sshfs:latest');
  });

  it('duplicate-name fails in the locked-free fast check', () => {
    const spans = results.get('duplicate-name')!.result.trace.spans;
    const failing = spans.filter((span) => span.status.code === 'error').map((span) => span.name);

    expect(failing[failing.length - 1]).toBe('Store.validateName');
    expect(results.get('duplicate-name')!.result.trace.daemonLog).toEqual([
      {
        level: 'error',
        message: 'Handler for POST /v1.26/plugins/create returned error: plugin "vieux/sshfs:latest" already exists',
      },
    ]);
  });

  it('cli-side failures send no request', () => {
    for (const name of ['invalid-name-uppercase', 'not-a-directory', 'missing-config', 'invalid-config']) {
      const spans = results.get(name)!.result.trace.spans;
      const requests = spans.filter((span) => span.name === 'Do').map((span) => span.attributes['url.path']);
      expect(requests, name).toEqual(['/_ping']);
    }
  });

  it('committed traces match a fresh run', async () => {
    for (const scenario of SCENARIOS) {
      const committed = await readFile(`traces/${scenario.name}.json`, 'utf8');
      expect(results.get(scenario.name)!.result.text, scenario.name).toBe(committed);
    }
  });
});

describe('hostile scenarios', () => {
  it('write nothing outside the rootfs', () => {
    for (const path of ['/escaped', '/tmp/escaped', '/tmp/up']) {
      expect(existsSync(path), path).toBe(false);
    }
  });

  it('hardlink-outside is stopped in the unpacker', () => {
    const spans = results.get('hostile-hardlink-outside')!.result.trace.spans;
    const untar = spanNamed(spans, 'untar');
    const rejected = untar.events.find((event) => event.name === 'dockhop.archive.entry_rejected');

    expect(untar.status.code).toBe('error');
    expect(rejected?.attributes['dockhop.archive.entry']).toBe('passwd');
    expect(rejected?.attributes['dockhop.archive.reason']).toBe('link /etc/passwd /passwd: no such file or directory');
  });

  it('dotdot is dropped by the split', () => {
    const spans = results.get('hostile-dotdot')!.result.trace.spans;
    const split = spanNamed(spans, 'splitConfigRootFSFromTar');

    expect(split.attributes['dockhop.tar.entries']).toEqual(['config.json', 'rootfs/', 'rootfs/../../../escaped']);
    expect(spanNamed(spans, 'untar').attributes['dockhop.archive.entries_extracted']).toBe(0);
  });
});

describe('runScenario determinism', () => {
  it('gives byte-identical traces twice', async () => {
    const first = await runScenario(SCENARIOS[0]!);
    const second = await runScenario(SCENARIOS[0]!);

    expect(second.result.text).toBe(first.result.text);
    expect(first.result.text).not.toContain(process.cwd());
  });
});
