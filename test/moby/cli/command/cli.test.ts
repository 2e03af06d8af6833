import { describe, expect, it } from 'vitest';
import { getServerHost, parseHost } from '../../../../src/moby/cli/command/cli.ts';

describe('parseHost', () => {
  it('fills defaults', () => {
    expect(parseHost(false, '')).toBe('unix:///var/run/docker.sock');
    expect(parseHost(true, '')).toBe('tcp://localhost:2376');
    expect(parseHost(false, 'unix://')).toBe('unix:///var/run/docker.sock');
    expect(parseHost(false, 'tcp://')).toBe('tcp://localhost:2375');
  });

  it('normalizes tcp addresses', () => {
    expect(parseHost(false, '127.0.0.1')).toBe('tcp://127.0.0.1:2375');
    expect(parseHost(false, 'tcp://:7777')).toBe('tcp://localhost:7777');
    expect(parseHost(false, 'tcp://[::1]:2375')).toBe('tcp://[::1]:2375');
    expect(parseHost(false, 'tcp://host:1234/base')).toBe('tcp://host:1234/base');
  });

  it('rejects bad addresses', () => {
    // Go's SplitHostPort rejects a bracketed IPv6 host without a port.
    expect(() => parseHost(false, 'tcp://[::1]')).toThrow('Invalid bind address format: [::1]');
    expect(() => parseHost(false, 'udp://x')).toThrow('Invalid bind address format: udp://x');
    expect(() => parseHost(false, 'tcp://h:port')).toThrow('Invalid bind address format: h:port');
    expect(() => parseHost(false, 'unix://a://b')).toThrow('Invalid proto, expected unix: a://b');
  });
});

describe('getServerHost', () => {
  it('uses DOCKER_HOST without -H', () => {
    expect(getServerHost([], undefined, { DOCKER_HOST: 'tcp://1.2.3.4' })).toBe('tcp://1.2.3.4:2375');
  });

  it('rejects several hosts', () => {
    expect(() => getServerHost(['a', 'b'], undefined, {})).toThrow('Please specify only one -H');
  });
});
