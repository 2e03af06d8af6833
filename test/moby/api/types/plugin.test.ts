import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { Decoder, encode, marshal, unmarshal } from '../../../../src/go/encoding/json/index.ts';
import {
  type PluginConfig,
  pluginConfigSchema,
  pluginConfigUserSchema,
} from '../../../../src/moby/api/types/plugin.ts';

const configDir = new URL('../../../fixtures/real-configs/', import.meta.url);
const configFiles = readdirSync(configDir).filter((name) => name.endsWith('.json'));

function readConfig(name: string): Uint8Array {
  return readFileSync(new URL(name, configDir));
}

describe('real plugin configs', () => {
  it('fixture set is complete', () => {
    expect(configFiles).toHaveLength(8);
  });

  for (const name of configFiles) {
    it(`${name} decodes both ways`, () => {
      const bytes = readConfig(name);
      const viaUnmarshal = unmarshal<PluginConfig>(bytes, pluginConfigSchema);
      const viaDecoder = new Decoder(bytes).decode<PluginConfig>(pluginConfigSchema);

      expect(viaDecoder).toEqual(viaUnmarshal);
      expect(viaUnmarshal.interface.types?.length).toBeGreaterThan(0);
    });

    it(`${name} re-encodes stably`, () => {
      const config = unmarshal<PluginConfig>(readConfig(name), pluginConfigSchema);
      const first = encode(config, pluginConfigSchema);
      const second = encode(unmarshal(first, pluginConfigSchema), pluginConfigSchema);

      expect(second).toBe(first);
      expect(first.endsWith('}\n')).toBe(true);
    });
  }

  it('sshfs lower-case keys', () => {
    const config = unmarshal<PluginConfig>(readConfig('vieux-sshfs.json'), pluginConfigSchema);

    expect(config.propagatedMount).toBe('/mnt/volumes');
    expect(config.entrypoint).toEqual(['/docker-volume-sshfs']);
    expect(config.linux.devices?.[0]?.path).toBe('/dev/fuse');
    expect(config.env?.[0]?.value).toBe('0');
  });

  it('loki absent arrays are null', () => {
    const config = unmarshal<PluginConfig>(readConfig('loki-docker-driver.json'), pluginConfigSchema);

    expect(config.mounts).toBeNull();
    expect(config.linux.capabilities).toBeNull();
    expect(config.args.value).toBeNull();
    expect(config.rootfs).toBeNull();
  });

  it('every interface type parses', () => {
    const seen = new Set<string>();
    for (const name of configFiles) {
      const config = unmarshal<PluginConfig>(readConfig(name), pluginConfigSchema);
      for (const t of config.interface.types ?? []) {
        seen.add(`${t.prefix}|${t.capability}|${t.version}`);
      }
    }

    expect(seen).toContain('docker|volumedriver|1.0');
    expect(seen).toContain('docker|logdriver|1.0');
    expect(seen).toContain('docker|authz|1.0');
    expect(seen).toContain('docker|networkdriver|1.0');
  });
});

describe('PluginConfig encoding', () => {
  it('rootfs omitted when nil', () => {
    const config = unmarshal<PluginConfig>('{}', pluginConfigSchema);

    expect(marshal(config, pluginConfigSchema)).toBe(
      '{"Args":{"Description":"","Name":"","Settable":null,"Value":null},"Description":"","Documentation":"",' +
        '"Entrypoint":null,"Env":null,"Interface":{"Socket":"","Types":null},' +
        '"Linux":{"AllowAllDevices":false,"Capabilities":null,"Devices":null},"Mounts":null,' +
        '"Network":{"Type":""},"PropagatedMount":"","User":{},"WorkDir":""}',
    );
  });

  it('rootfs type omitempty', () => {
    const config = unmarshal<PluginConfig>('{}', pluginConfigSchema);
    config.rootfs = { diffIds: null, type: '' };

    expect(marshal(config, pluginConfigSchema).endsWith(',"WorkDir":"","rootfs":{"diff_ids":null}}')).toBe(true);
  });

  it('user ids when set', () => {
    expect(marshal({ gid: 5, uid: 0 }, pluginConfigUserSchema)).toBe('{"GID":5}');
  });
});
