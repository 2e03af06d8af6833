import { boolType, field, stringType, struct, type StructSchema } from '../../../go/encoding/json/index.ts';

/**
 * The daemon's version report, the body of `GET /version`.
 *
 * @go api/types/types.go:144-155
 */
export interface Version {
  version: string;
  apiVersion: string;
  minAPIVersion: string;
  gitCommit: string;
  goVersion: string;
  os: string;
  arch: string;
  kernelVersion: string;
  experimental: boolean;
  buildTime: string;
}

export const versionSchema: StructSchema = struct('types.Version', [
  field('version', 'Version', '', stringType),
  field('apiVersion', 'APIVersion', 'ApiVersion', stringType),
  field('minAPIVersion', 'MinAPIVersion', 'MinAPIVersion,omitempty', stringType),
  field('gitCommit', 'GitCommit', '', stringType),
  field('goVersion', 'GoVersion', '', stringType),
  field('os', 'Os', '', stringType),
  field('arch', 'Arch', '', stringType),
  field('kernelVersion', 'KernelVersion', ',omitempty', stringType),
  field('experimental', 'Experimental', ',omitempty', boolType),
  field('buildTime', 'BuildTime', ',omitempty', stringType),
]);
