import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { Decoder, encode, marshal, unmarshal } from '../../../../src/go/encoding/json/index.ts';
import {
  type PluginConfig,
  pluginConfigSchema,
  pluginSchema,
  pluginSettingsSchema,
} from '../../../../src/moby/api/types/plugin.ts';
import { ErrInadequateCapability, Plugin, pluginV2Schema } from '../../../../src/moby/plugin/v2/plugin.ts';

const fixtures = new URL('../../../fixtures/', import.meta.url);

function readFixture(path: string): string {
  return readFileSync(new URL(path, fixtures), 'utf8');
}

const cases = [
  {
    config: 'real-configs/vieux-sshfs.json',
    inspect: 'daemon-17.03/sshfs.inspect.json',
    name: 'samples/sshfs:latest',
    id: '1fa9cf9f7d78304a75f08e2cb91b0564c049b817bb0adaab1ebd5760f3a766ff',
    diffId: 'sha256:15cad5f5a2e12b04368d1c8a46c4278ee0d6e5212b4bda7496cd05dd017ea82a',
  },
  {
    config: 'real-configs/loki-docker-driver.json',
    inspect: 'daemon-17.03/loki.inspect.json',
    name: 'samples/loki:latest',
    id: 'b6ad2f5705410b0299d2eb6d082999b21d5ac841a364e1a41e99487ef8baf7d9',
    diffId: 'sha256:9eb21c5d22a4b8fb6c6d6a4582403a5870556ec151c681456de8e6382ddb6d1f',
  },
];

/** Builds the plugin as CreateFromContext and createPlugin do for an upload. */
function createdPlugin(c: (typeof cases)[number]): Plugin {
  const config = unmarshal<PluginConfig>(readFixture(c.config), pluginConfigSchema);
  config.rootfs = { type: 'layers', diffIds: [c.diffId] };

  // setupNewPlugin (plugin/manager_linux.go:211) decodes the stored blob.
  const stored = new Decoder(encode(config, pluginConfigSchema)).decode<PluginConfig>(pluginConfigSchema);
  const plugin = new Plugin({
    pluginObj: {
      config: stored,
      enabled: false,
      id: c.id,
      name: c.name,
      pluginReference: c.name,
      settings: { args: null, devices: null, env: null, mounts: null },
    },
  });
  plugin.initEmptySettings();

  return plugin;
}

describe('Plugin', () => {
  for (const c of cases) {
    it(`inspect bytes for ${c.inspect}`, () => {
      const plugin = createdPlugin(c);

      // The API server encodes with SetEscapeHTML(false) and a newline.
      const output = encode(plugin.pluginObj, pluginSchema, { escapeHTML: false });

      expect(output).toBe(readFixture(c.inspect));
    });

    it(`inspect decodes back for ${c.inspect}`, () => {
      const text = readFixture(c.inspect);
      const decoded = new Decoder(text).decode(pluginSchema);

      expect(encode(decoded, pluginSchema, { escapeHTML: false })).toBe(text);
    });
  }

  it('initEmptySettings skips env without value', () => {
    const plugin = createdPlugin(cases[0]!);
    plugin.pluginObj.config.env = [
      { name: 'A', description: '', settable: null, value: null },
      { name: 'B', description: '', settable: null, value: 'x=y' },
    ];
    plugin.initEmptySettings();

    expect(plugin.pluginObj.settings.env).toEqual(['B=x=y']);
  });

  it('initEmptySettings copies mounts', () => {
    const plugin = createdPlugin(cases[0]!);
    const mounts = plugin.pluginObj.settings.mounts!;

    expect(mounts[0]).toEqual(plugin.pluginObj.config.mounts![0]);
    expect(mounts[0]).not.toBe(plugin.pluginObj.config.mounts![0]);
  });

  it('initEmptySettings gives empty not nil', () => {
    const plugin = createdPlugin(cases[1]!);

    expect(marshal(plugin.pluginObj.settings, pluginSettingsSchema)).toBe(
      '{"Args":[],"Devices":[],"Env":["LOG_LEVEL=info","PPROF_PORT="],"Mounts":[]}',
    );
  });

  it('accessors', () => {
    const plugin = createdPlugin(cases[0]!);

    expect(plugin.name()).toBe('samples/sshfs:latest');
    expect(plugin.getID()).toBe(cases[0]!.id);
    expect(plugin.isEnabled()).toBe(false);
    expect(plugin.getSocket()).toBe('sshfs.sock');
    expect(plugin.isV1()).toBe(false);
  });

  it('reference count', () => {
    const plugin = createdPlugin(cases[0]!);
    plugin.acquire();
    plugin.acquire();
    plugin.release();

    expect(plugin.getRefCount()).toBe(1);
  });

  it('filterByCap lowercases', () => {
    const plugin = createdPlugin(cases[0]!);

    expect(plugin.filterByCap('VolumeDriver')).toBe(plugin);
    expect(() => plugin.filterByCap('NetworkDriver')).toThrow(ErrInadequateCapability);
    expect(() => plugin.filterByCap('NetworkDriver')).toThrow(
      'plugin does not provide "networkdriver" capability',
    );
  });

  it('v2 schema field names', () => {
    const plugin = createdPlugin(cases[1]!);
    plugin.rootfs = '/var/lib/docker/plugins/x/rootfs';
    plugin.config = 'sha256:abc';
    const text = marshal(plugin, pluginV2Schema);

    expect(text.startsWith('{"plugin":{"Config":')).toBe(true);
    expect(text.endsWith(',"PropagatedMount":"","Rootfs":"/var/lib/docker/plugins/x/rootfs","Config":"sha256:abc","Blobsums":null}')).toBe(true);
  });
});
