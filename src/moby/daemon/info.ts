import { release } from 'node:os';
import { traced } from '../../explorer/tracing/span.ts';
import type { Version } from '../api/types/types.ts';

/** The build facts that 17.03's `dockerversion` package holds and `/version` reports. */
export interface VersionFacts {
  version: string;
  gitCommit: string;
  minAPIVersion: string;
  experimental: boolean;
}

/** Go's GOARCH names for Node's `process.arch` values. */
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', s390x: 's390x', ppc64: 'ppc64le' };

/**
 * Builds the daemon's version report. Where 17.03 reports its Go runtime
 * (`runtime.Version()`), dockhop reports the Node.js runtime that runs the
 * port (`node-v20.…`), because no Go runtime is involved. The OS is always
 * `linux`, since the port follows the Linux daemon, and the kernel version is
 * the host's `uname -r`. BuildTime is left empty, so JSON omits it.
 *
 * @go daemon/info.go:149-170
 */
export function systemVersion(facts: VersionFacts): Version {
  return traced({ module: import.meta.url, function: 'systemVersion', layer: 'backend' }, () => ({
    version: facts.version,
    apiVersion: '',
    minAPIVersion: facts.minAPIVersion,
    gitCommit: facts.gitCommit,
    goVersion: `node-${process.version}`,
    os: 'linux',
    arch: GOARCH[process.arch] ?? process.arch,
    kernelVersion: release(),
    experimental: facts.experimental,
    buildTime: '',
  }));
}
