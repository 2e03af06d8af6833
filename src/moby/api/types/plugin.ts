/**
 * The plugin types of Docker 17.03's Engine API (package
 * github.com/docker/docker/api/types at v17.03.0-ce), as TS types plus the
 * schemas that let the Go-compatible JSON package decode and encode them.
 *
 * Property names are the Go field names in lower camel case. A Go nil
 * slice or pointer is `null`, so `[]` and `null` stay distinct through a
 * decode and encode, as they do in Go.
 */

import { type CustomSchema, type Schema, type StructSchema, boolType, decodeUtf8, field, marshal, pointerTo, sliceBeyond, sliceOf, stringType, struct, uint32Type } from '../../../go/encoding/json/index.ts';
import { goQuote } from '../../../go/strconv/quote.ts';

/** @go api/types/plugin.go:8-31 */
export interface Plugin {
  config: PluginConfig;
  enabled: boolean;
  id: string;
  name: string;
  pluginReference: string;
  settings: PluginSettings;
}

/** @go api/types/plugin.go:35-86 */
export interface PluginConfig {
  args: PluginConfigArgs;
  description: string;
  documentation: string;
  entrypoint: string[] | null;
  env: PluginEnv[] | null;
  interface: PluginConfigInterface;
  linux: PluginConfigLinux;
  mounts: PluginMount[] | null;
  network: PluginConfigNetwork;
  propagatedMount: string;
  user: PluginConfigUser;
  workDir: string;
  rootfs: PluginConfigRootfs | null;
}

/** @go api/types/plugin.go:90-107 */
export interface PluginConfigArgs {
  description: string;
  name: string;
  settable: string[] | null;
  value: string[] | null;
}

/** @go api/types/plugin.go:111-120 */
export interface PluginConfigInterface {
  socket: string;
  types: PluginInterfaceType[] | null;
}

/** @go api/types/plugin.go:124-137 */
export interface PluginConfigLinux {
  allowAllDevices: boolean;
  capabilities: string[] | null;
  devices: PluginDevice[] | null;
}

/** @go api/types/plugin.go:141-146 */
export interface PluginConfigNetwork {
  type: string;
}

/** @go api/types/plugin.go:150-157 */
export interface PluginConfigRootfs {
  diffIds: string[] | null;
  type: string;
}

/** @go api/types/plugin.go:161-168 */
export interface PluginConfigUser {
  gid: number;
  uid: number;
}

/** @go api/types/plugin.go:172-189 */
export interface PluginSettings {
  args: string[] | null;
  devices: PluginDevice[] | null;
  env: string[] | null;
  mounts: PluginMount[] | null;
}

/** @go api/types/plugin_device.go:8-25 */
export interface PluginDevice {
  description: string;
  name: string;
  path: string | null;
  settable: string[] | null;
}

/** @go api/types/plugin_env.go:8-25 */
export interface PluginEnv {
  description: string;
  name: string;
  settable: string[] | null;
  value: string | null;
}

/** @go api/types/plugin_mount.go:8-37 */
export interface PluginMount {
  description: string;
  destination: string;
  name: string;
  options: string[] | null;
  settable: string[] | null;
  source: string | null;
  type: string;
}

/**
 * Interface a plugin implements, written in JSON as one string
 * "prefix.capability/version", such as "docker.volumedriver/1.0".
 *
 * @go api/types/plugin_interface_type.go:8-21
 */
export interface PluginInterfaceType {
  capability: string;
  prefix: string;
  version: string;
}

const stringSlice = sliceOf(stringType);

export const pluginDeviceSchema: StructSchema = struct('types.PluginDevice', [
  field('description', 'Description', 'Description', stringType),
  field('name', 'Name', 'Name', stringType),
  field('path', 'Path', 'Path', pointerTo(stringType)),
  field('settable', 'Settable', 'Settable', stringSlice),
]);

export const pluginEnvSchema: StructSchema = struct('types.PluginEnv', [
  field('description', 'Description', 'Description', stringType),
  field('name', 'Name', 'Name', stringType),
  field('settable', 'Settable', 'Settable', stringSlice),
  field('value', 'Value', 'Value', pointerTo(stringType)),
]);

export const pluginMountSchema: StructSchema = struct('types.PluginMount', [
  field('description', 'Description', 'Description', stringType),
  field('destination', 'Destination', 'Destination', stringType),
  field('name', 'Name', 'Name', stringType),
  field('options', 'Options', 'Options', stringSlice),
  field('settable', 'Settable', 'Settable', stringSlice),
  field('source', 'Source', 'Source', pointerTo(stringType)),
  field('type', 'Type', 'Type', stringType),
]);

/**
 * Parses the raw JSON of an interface type the way Docker 17.03 does: on
 * the undecoded bytes between the quotes, so escapes stay as written. The
 * prefix ends at the last '.' before the first '/', and the version
 * follows that '/'.
 *
 * Without a '/', Go slices up to the original length, which runs two bytes
 * past the closing quote's position: the capability then ends with the
 * closing quote and the byte after it (such as `volumedriver"]`). Without
 * a '.', the prefix is empty and the first byte is dropped. A value that
 * is not a string (null, a number, an object) is rejected.
 *
 * @go api/types/plugin_responses.go:20-43
 */
export function unmarshalPluginInterfaceType(data: Uint8Array, start: number, end: number): PluginInterfaceType {
  const raw = data.subarray(start, end);
  if (raw.length < 2 || raw[0] !== 0x22 || raw[raw.length - 1] !== 0x22) {
    throw new Error(`${goQuote(raw)} is not a plugin interface type`);
  }

  const innerStart = start + 1;
  const innerLength = raw.length - 2;
  let versionIndex = raw.length;
  let prefixIndex = 0;
  for (let i = 0; i < innerLength; i++) {
    const b = data[innerStart + i];
    if (b === 0x2e) {
      prefixIndex = i;
    } else if (b === 0x2f) {
      versionIndex = i;
      break;
    }
  }

  // NOTE: invalid UTF-8 here becomes U+FFFD at once, so the encoder writes
  // that character where Go's json.Marshal would write the `\ufffd` escape.
  const piece = (from: number, to: number): string =>
    decodeUtf8(sliceBeyond(data, innerStart + from, innerStart + to));

  return {
    prefix: piece(0, prefixIndex),
    capability: piece(prefixIndex + 1, versionIndex),
    version: versionIndex < innerLength ? piece(versionIndex + 1, innerLength) : '',
  };
}

/**
 * Formats an interface type as "prefix.capability/version".
 *
 * @go api/types/plugin_responses.go:51-53
 */
export function pluginInterfaceTypeString(t: PluginInterfaceType): string {
  return `${t.prefix}.${t.capability}/${t.version}`;
}

export const pluginInterfaceTypeSchema: CustomSchema = {
  kind: 'custom',
  goType: 'types.PluginInterfaceType',
  underlying: struct('types.PluginInterfaceType', [
    field('capability', 'Capability', 'Capability', stringType),
    field('prefix', 'Prefix', 'Prefix', stringType),
    field('version', 'Version', 'Version', stringType),
  ]),
  unmarshalJSON: (data, start, end) => unmarshalPluginInterfaceType(data, start, end),
  /** @go api/types/plugin_responses.go:46-48 */
  marshalJSON: (value) => marshal(pluginInterfaceTypeString(value as PluginInterfaceType), stringType),
};

export const pluginConfigArgsSchema: StructSchema = struct('types.PluginConfigArgs', [
  field('description', 'Description', 'Description', stringType),
  field('name', 'Name', 'Name', stringType),
  field('settable', 'Settable', 'Settable', stringSlice),
  field('value', 'Value', 'Value', stringSlice),
]);

export const pluginConfigInterfaceSchema: StructSchema = struct('types.PluginConfigInterface', [
  field('socket', 'Socket', 'Socket', stringType),
  field('types', 'Types', 'Types', sliceOf(pluginInterfaceTypeSchema)),
]);

export const pluginConfigLinuxSchema: StructSchema = struct('types.PluginConfigLinux', [
  field('allowAllDevices', 'AllowAllDevices', 'AllowAllDevices', boolType),
  field('capabilities', 'Capabilities', 'Capabilities', stringSlice),
  field('devices', 'Devices', 'Devices', sliceOf(pluginDeviceSchema)),
]);

export const pluginConfigNetworkSchema: StructSchema = struct('types.PluginConfigNetwork', [
  field('type', 'Type', 'Type', stringType),
]);

export const pluginConfigRootfsSchema: StructSchema = struct('types.PluginConfigRootfs', [
  field('diffIds', 'DiffIds', 'diff_ids', stringSlice),
  field('type', 'Type', 'type,omitempty', stringType),
]);

export const pluginConfigUserSchema: StructSchema = struct('types.PluginConfigUser', [
  field('gid', 'GID', 'GID,omitempty', uint32Type),
  field('uid', 'UID', 'UID,omitempty', uint32Type),
]);

export const pluginConfigSchema: StructSchema = struct('types.PluginConfig', [
  field('args', 'Args', 'Args', pluginConfigArgsSchema),
  field('description', 'Description', 'Description', stringType),
  field('documentation', 'Documentation', 'Documentation', stringType),
  field('entrypoint', 'Entrypoint', 'Entrypoint', stringSlice),
  field('env', 'Env', 'Env', sliceOf(pluginEnvSchema)),
  field('interface', 'Interface', 'Interface', pluginConfigInterfaceSchema),
  field('linux', 'Linux', 'Linux', pluginConfigLinuxSchema),
  field('mounts', 'Mounts', 'Mounts', sliceOf(pluginMountSchema)),
  field('network', 'Network', 'Network', pluginConfigNetworkSchema),
  field('propagatedMount', 'PropagatedMount', 'PropagatedMount', stringType),
  field('user', 'User', 'User,omitempty', pluginConfigUserSchema),
  field('workDir', 'WorkDir', 'WorkDir', stringType),
  field('rootfs', 'Rootfs', 'rootfs,omitempty', pointerTo(pluginConfigRootfsSchema)),
]);

export const pluginSettingsSchema: StructSchema = struct('types.PluginSettings', [
  field('args', 'Args', 'Args', stringSlice),
  field('devices', 'Devices', 'Devices', sliceOf(pluginDeviceSchema)),
  field('env', 'Env', 'Env', stringSlice),
  field('mounts', 'Mounts', 'Mounts', sliceOf(pluginMountSchema)),
]);

export const pluginSchema: StructSchema = struct('types.Plugin', [
  field('config', 'Config', 'Config', pluginConfigSchema),
  field('enabled', 'Enabled', 'Enabled', boolType),
  field('id', 'ID', 'Id,omitempty', stringType),
  field('name', 'Name', 'Name', stringType),
  field('pluginReference', 'PluginReference', 'PluginReference,omitempty', stringType),
  field('settings', 'Settings', 'Settings', pluginSettingsSchema),
]);

/** The schema of `[]*types.Plugin`, the plugin list response. */
export const pluginsListResponseSchema: Schema = sliceOf(pointerTo(pluginSchema));
