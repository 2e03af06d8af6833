import { describe, expect, it } from 'vitest';
import { pathRewriter } from '../../../src/explorer/trace/rewrite-paths.ts';

describe('pathRewriter', () => {
  it('replaces whole path components only', () => {
    const rewrite = pathRewriter([['/tmp/dhb', '$PWD']]);

    expect(rewrite('lstat /tmp/dhb/examples/x: no such file')).toBe('lstat $PWD/examples/x: no such file');
    expect(rewrite('/tmp/dhb2/x and /tmp/dhb')).toBe('/tmp/dhb2/x and $PWD');
    expect(rewrite('"/tmp/dhb" done')).toBe('"$PWD" done');
  });

  it('never replaces the root', () => {
    const rewrite = pathRewriter([['/', '$PWD']]);

    expect(rewrite('cli/command/plugin/create.go')).toBe('cli/command/plugin/create.go');
  });

  it('prefers the longer folder', () => {
    const rewrite = pathRewriter([
      ['/work', '$PWD'],
      ['/work/state', '/var/lib/docker/plugins'],
    ]);

    expect(rewrite('/work/state/tmp and /work/x')).toBe('/var/lib/docker/plugins/tmp and $PWD/x');
  });
});
