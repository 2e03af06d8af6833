import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clean, isAbs, join as joinSlashed } from '../../go/path/path.ts';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { finished } from 'node:stream/promises';
import { traced, startSpan, endSpan } from '../../explorer/tracing/span.ts';
import { trace } from '@opentelemetry/api';
import { wrap, messageOf } from '../../go/errors.ts';
import { TarReader, TarWriter, TypeLink } from '../../go/archive/tar/index.ts';
import { unmarshal, encode } from '../../go/encoding/json/index.ts';
import { closeWithError as closePipeWithError } from '../../go/io/pipe.ts';
import { goQuote } from '../../go/strconv/quote.ts';
import { pluginConfigSchema, type PluginConfig } from '../api/types/plugin.ts';

/** One privilege a plugin requests (`types.PluginPrivilege`). */
export interface PluginPrivilege {
  Name: string;
  Description: string;
  Value: string[];
}
import type { PluginCreateOptions } from '../api/types/client.ts';
import { untar } from '../pkg/chrootarchive/archive.ts';
import { isCanonical, parseNamed, withDefaultTag } from '../reference/reference.ts';
import { canonicalDigester } from '../vendor/github.com/docker/distribution/digest/digester.ts';
import { configFileName, rootFSFileName, type Manager } from './manager.ts';
import { createPlugin, disablePlugin, enablePlugin } from './manager_linux.ts';
import type { PluginDisableConfig, PluginEnableConfig, PluginRmConfig } from '../api/types/configs.ts';
import type { Plugin as ApiPlugin } from '../api/types/plugin.ts';
import type { insertion } from './blobstore.ts';

/** How many tar entry names the split records on its span. */
const MAX_RECORDED_ENTRIES = 50;

/**
 * Disables a plugin, unless it is in use and not forced, and logs a
 * `disable` event with the name as the client gave it.
 *
 * @go plugin/backend_linux.go:39-57
 */
export function disable(pm: Manager, refOrID: string, config: PluginDisableConfig): Promise<void> {
  return traced({ module: import.meta.url, function: 'disable', layer: 'backend' }, async (span) => {
    const p = pm.config.store.getV2Plugin(refOrID);
    span.setAttributes({ 'dockhop.plugin.id': p.getID(), 'dockhop.plugin.force': config.forceDisable });

    if (!config.forceDisable && p.getRefCount() > 0) {
      throw new Error(`plugin ${p.name()} is in use`);
    }

    await disablePlugin(pm, p);
    pm.config.logPluginEvent(p.getID(), refOrID, 'disable');
  });
}

/**
 * Enables a plugin. dockhop has no container runtime, so this always
 * fails once the plugin is found and disabled (see enablePlugin); the
 * `enable` event is never logged.
 *
 * @go plugin/backend_linux.go:60-72
 */
export function enable(pm: Manager, refOrID: string, config: PluginEnableConfig): Promise<void> {
  return traced({ module: import.meta.url, function: 'enable', layer: 'backend' }, async (span) => {
    const p = pm.config.store.getV2Plugin(refOrID);
    span.setAttributes({ 'dockhop.plugin.id': p.getID(), 'dockhop.plugin.timeout_seconds': config.timeout });

    await enablePlugin(pm, p, false);
    pm.config.logPluginEvent(p.getID(), refOrID, 'enable');
  });
}

/**
 * Returns the API object of a plugin, found by name, ID or ID prefix.
 *
 * @go plugin/backend_linux.go:75-82
 */
export function inspect(pm: Manager, refOrID: string): ApiPlugin {
  return traced({ module: import.meta.url, function: 'inspect', layer: 'backend' }, (span) => {
    const p = pm.config.store.getV2Plugin(refOrID);
    span.setAttribute('dockhop.plugin.id', p.getID());
    return p.pluginObj;
  });
}

/**
 * Returns the API objects of all plugins. Go ranges over a map, so 17.03
 * lists them in random order; the port lists them in store order (sorted
 * IDs after a restart, then creation order).
 *
 * @go plugin/backend_linux.go:320-327
 */
export function list(pm: Manager): ApiPlugin[] {
  return traced({ module: import.meta.url, function: 'list', layer: 'backend' }, (span) => {
    const out = [...pm.config.store.getAll().values()].map((p) => p.pluginObj);
    span.setAttribute('dockhop.plugin.count', out.length);
    return out;
  });
}

/**
 * Removes a plugin: unless forced, one in use or enabled is rejected.
 * The store entry goes first, then `<root>/<id>` with its rootfs, then a
 * `remove` event is logged, and a GC of unreferenced blobs starts after.
 * A failure to delete the folder is logged, not returned.
 *
 * @go plugin/backend_linux.go:533-573
 */
export function remove(pm: Manager, name: string, config: PluginRmConfig): Promise<void> {
  return traced({ module: import.meta.url, function: 'remove', layer: 'backend' }, async (span) => {
    const p = pm.config.store.getV2Plugin(name);
    span.setAttributes({ 'dockhop.plugin.id': p.getID(), 'dockhop.plugin.force': config.forceRemove });

    if (!config.forceRemove) {
      if (p.getRefCount() > 0) {
        throw new Error(`plugin ${p.name()} is in use`);
      }
      if (p.isEnabled()) {
        throw new Error(`plugin ${p.name()} is enabled`);
      }
    }

    if (p.isEnabled()) {
      try {
        await disablePlugin(pm, p);
      } catch (error) {
        pm.config.logger.error(`failed to disable plugin '${p.name()}': ${messageOf(error)}`);
      }
    }

    try {
      const id = p.getID();
      pm.config.store.remove(p);
      const pluginDir = join(pm.config.root, id);

      // NOTE: 17.03 unmounts everything under the root first (recursiveUnmount);
      // dockhop never mounts, so there is nothing to unmount.
      try {
        await rm(pluginDir, { recursive: true, force: true });
      } catch (error) {
        // 17.03 logs this at warning level; the manager's logger has no warning level.
        pm.config.logger.error(`unable to remove ${goQuote(pluginDir)} from plugin remove: ${messageOf(error)}`);
      }

      span.addEvent('plugin dir removed', { 'dockhop.path': `${id.slice(0, 12)}…` });
      pm.config.logPluginEvent(id, name, 'remove');
    } finally {
      // Go defers `go pm.GC()`; callers that must see its effect await pendingGC.
      pm.pendingGC = pm.gc();
    }
  });
}

/**
 * Lists the privileges a plugin's config requests: a network other than
 * none/bridge, host mounts, devices, all devices, extra capabilities.
 *
 * @go plugin/backend_linux.go:137-180
 */
export function computePrivileges(c: PluginConfig): PluginPrivilege[] {
  const privileges: PluginPrivilege[] = [];

  if (c.network.type !== 'null' && c.network.type !== 'bridge' && c.network.type !== '') {
    privileges.push({ Name: 'network', Description: 'permissions to access a network', Value: [c.network.type] });
  }

  for (const mount of c.mounts ?? []) {
    if (mount.source !== null) {
      privileges.push({ Name: 'mount', Description: 'host path to mount', Value: [mount.source] });
    }
  }

  for (const device of c.linux.devices ?? []) {
    if (device.path !== null) {
      privileges.push({ Name: 'device', Description: 'host device to access', Value: [device.path] });
    }
  }

  if (c.linux.allowAllDevices) {
    privileges.push({ Name: 'allow-all-devices', Description: "allow 'rwm' access to all devices", Value: ['true'] });
  }

  if ((c.linux.capabilities ?? []).length > 0) {
    privileges.push({
      Name: 'capabilities',
      Description: 'list of additional capabilities required',
      Value: c.linux.capabilities!,
    });
  }

  return privileges;
}

/**
 * Creates a plugin from an uploaded tar of `config.json` and `rootfs/`.
 *
 * The steps follow 17.03's order. The name is parsed (no digests,
 * `:latest` added) and checked for duplicates, and a temp dir is made.
 * One streaming pass splits the config from the rootfs layer, while the
 * layer is gzipped into a blob, hashed (the DiffID) and unpacked. Then the
 * config is parsed and validated. Under the manager lock the blobs are
 * committed, and the plugin is created and announced with a `create` event.
 *
 * @go plugin/backend_linux.go:626-725
 */
export function createFromContext(pm: Manager, tarCtx: Readable, options: PluginCreateOptions): Promise<void> {
  return traced({ module: import.meta.url, function: 'createFromContext', layer: 'backend' }, async (span) => {
    await pm.muGC.rLock();

    try {
      await createUnderGCLock(pm, tarCtx, options, span);
    } finally {
      pm.muGC.rUnlock();
    }
  });
}

// The body of createFromContext after it takes the GC read lock. Split out
// only because TypeScript has no `defer`; the steps are the original's.
async function createUnderGCLock(
  pm: Manager,
  tarCtx: Readable,
  options: PluginCreateOptions,
  span: ReturnType<typeof trace.getActiveSpan> & object,
): Promise<void> {
  let ref;

  try {
    ref = parseNamed(options.repoName);
  } catch (error) {
    throw wrap(error, `failed to parse reference ${options.repoName}`);
  }

  if (isCanonical(ref)) {
    throw new Error('canonical references are not permitted');
  }

  const taggedRef = withDefaultTag(ref);
  const name = taggedRef.string();
  span.setAttributes({ 'dockhop.plugin.name.input': options.repoName, 'dockhop.plugin.name': name });

  // The fast check; the one under the lock in createPlugin is the real one.
  pm.config.store.validateName(name);

  let tmpRootFSDir: string;

  try {
    tmpRootFSDir = await mkdtemp(join(pm.tmpDir(), '.rootfs'));
  } catch (error) {
    throw wrap(error, 'failed to create temp directory');
  }

  span.addEvent('temp dir created', { 'dockhop.path': 'tmp/.rootfs…' });

  try {
    await createInTempDir(pm, tarCtx, name, taggedRef.string(), tmpRootFSDir, span);
  } finally {
    await rm(tmpRootFSDir, { recursive: true, force: true });
  }
}

async function createInTempDir(
  pm: Manager,
  tarCtx: Readable,
  name: string,
  reference: string,
  tmpRootFSDir: string,
  span: ReturnType<typeof trace.getActiveSpan> & object,
): Promise<void> {
  const configJSON: { value: Buffer | null } = { value: null };
  const rootFS = splitConfigRootFSFromTar(tarCtx, configJSON);

  const rootFSBlob = await pm.blobStore.new();

  try {
    // The layer is gzipped into the blob while its uncompressed bytes are
    // hashed: that hash is the DiffID. Node's gzip bytes differ from Go's,
    // so the blob digest differs from Docker's; the DiffID does not.
    const gzw = createGzip();
    gzw.pipe(rootFSBlob);
    const layerDigester = canonicalDigester();
    const rootFSReader = teeInto(rootFS, gzw, layerDigester);

    await untar(rootFSReader, tmpRootFSDir);
    rootFS.destroy();

    if (configJSON.value === null) {
      throw new Error('config not found');
    }

    try {
      gzw.end();
      await finished(gzw);
    } catch (error) {
      throw wrap(error, 'error closing gzip writer');
    }

    const diffID = layerDigester.digest();
    span.setAttribute('dockhop.layer.diff_id', diffID);

    let config: PluginConfig;

    try {
      config = unmarshal(configJSON.value, pluginConfigSchema);
    } catch (error) {
      throw wrap(error, 'failed to parse config');
    }

    validateConfig(pm, config);

    await pm.mu.lock();

    try {
      await commitAndCreate(pm, name, reference, config, diffID, rootFSBlob, tmpRootFSDir, span);
    } finally {
      pm.mu.unlock();
    }
  } finally {
    await rootFSBlob.close();
  }
}

async function commitAndCreate(
  pm: Manager,
  name: string,
  reference: string,
  config: PluginConfig,
  diffID: string,
  rootFSBlob: insertion,
  tmpRootFSDir: string,
  span: ReturnType<typeof trace.getActiveSpan> & object,
): Promise<void> {
  const rootFSBlobsum = await rootFSBlob.commit();

  try {
    config.rootfs = { type: 'layers', diffIds: [diffID] };

    const configBlob = await pm.blobStore.new();
    let configBlobsum: string;

    try {
      try {
        await writeAll(configBlob, encode(config, pluginConfigSchema));
      } catch (error) {
        throw wrap(error, 'error encoding json config');
      }

      configBlobsum = await configBlob.commit();
    } finally {
      await configBlob.close();
    }

    span.setAttributes({ 'dockhop.blob.layer': rootFSBlobsum, 'dockhop.blob.config': configBlobsum });

    const p = await createPlugin(pm, name, configBlobsum, [rootFSBlobsum], tmpRootFSDir);
    p.pluginObj.pluginReference = reference;
    span.setAttribute('dockhop.plugin.id', p.getID());

    pm.config.logPluginEvent(p.getID(), name, 'create');
  } catch (error) {
    // Go starts GC in a goroutine; it waits for the GC lock this create still holds.
    pm.pendingGC = pm.gc();
    throw error;
  }
}

/**
 * Accepts every config: Docker 17.03 leaves this check as a TODO, and the
 * port keeps it empty to match.
 *
 * @go plugin/backend_linux.go:727-729
 */
export function validateConfig(_pm: Manager, _config: PluginConfig): void {
  traced({ module: import.meta.url, function: 'validateConfig', layer: 'backend' }, () => undefined);
}

/**
 * Reads the uploaded tar entry by entry: a top-level `config.json` is kept
 * in `config`, entries under `rootfs/` are re-written without that prefix
 * (hard-link targets too) into the returned stream, the rest is skipped.
 * No rootfs entry at all ends the stream with `no rootfs found: EOF`.
 *
 * Go runs this in a goroutine feeding an io.Pipe. Here an async loop feeds
 * a PassThrough. A read error closes it with the same message once the
 * reader has taken every byte written before the error, as with a Go pipe.
 *
 * @go plugin/backend_linux.go:731-790
 */
export function splitConfigRootFSFromTar(input: Readable, config: { value: Buffer | null }): PassThrough {
  const pw = new PassThrough();
  // Like a Go pipe, the error waits for the reader (teeInto reads `errored`);
  // it must not surface as an unhandled 'error' event before then.
  pw.on('error', () => undefined);
  const span = startSpan({ module: import.meta.url, function: 'splitConfigRootFSFromTar', layer: 'archive' });
  const entries: string[] = [];
  let count = 0;

  const closeWithError = (error: Error): void => {
    span.setAttributes({ 'dockhop.tar.entries': entries, 'dockhop.tar.entry_count': count });
    endSpan(span, error);
    input.destroy();
    closePipeWithError(pw, error);
  };

  const run = async (): Promise<void> => {
    const tarReader = new TarReader(input);
    const tarWriter = new TarWriter(pw);
    let hasRootFS = false;

    for (;;) {
      let hdr;

      try {
        hdr = await tarReader.next();
      } catch (error) {
        closeWithError(wrap(error, 'failed to read from tar'));
        return;
      }

      if (hdr === undefined) {
        if (!hasRootFS) {
          closeWithError(wrap(new Error('EOF'), 'no rootfs found'));
          return;
        }

        await tarWriter.close();
        span.setAttributes({ 'dockhop.tar.entries': entries, 'dockhop.tar.entry_count': count });
        endSpan(span);
        pw.end();
        return;
      }

      count += 1;
      if (entries.length < MAX_RECORDED_ENTRIES) {
        entries.push(hdr.name);
      }

      let name = clean(hdr.name);
      if (isAbs(name)) {
        name = name.slice(1);
      }

      if (name === configFileName) {
        try {
          config.value = await tarReader.readAll();
        } catch (error) {
          closeWithError(wrap(error, `failed to read ${configFileName}`));
          return;
        }
      }

      const parts = name.split('/');

      if (parts[0] === rootFSFileName) {
        hdr.name = clean(joinSlashed(...parts.slice(1)));

        if (hdr.typeflag === TypeLink && hdr.linkname.toLowerCase().startsWith(`${rootFSFileName}/`)) {
          hdr.linkname = hdr.linkname.slice(rootFSFileName.length + 1);
        }

        try {
          await tarWriter.writeHeader(hdr);
        } catch (error) {
          closeWithError(wrap(error, 'error writing tar header'));
          return;
        }

        try {
          for (;;) {
            const chunk = await tarReader.read();
            if (chunk === null) {
              break;
            }
            await tarWriter.write(chunk);
          }
        } catch (error) {
          closeWithError(wrap(error, 'error copying tar data'));
          return;
        }

        hasRootFS = true;
      } else {
        // Go discards the rest of the entry and ignores a read error here.
        await tarReader.readAll().catch(() => undefined);
      }
    }
  };

  void run().catch((error: unknown) => closeWithError(error instanceof Error ? error : new Error(messageOf(error))));
  return pw;
}

// io.TeeReader(rootFS, io.MultiWriter(gzw, digester)): every byte the
// unpacker reads also goes to the gzip writer and the digester.
function teeInto(
  source: Readable,
  gzw: NodeJS.WritableStream & { once(event: 'drain', listener: () => void): unknown },
  digester: { update(chunk: Uint8Array): void },
): Readable {
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      digester.update(chunk);

      if (gzw.write(chunk)) {
        callback(null, chunk);
      } else {
        gzw.once('drain', () => callback(null, chunk));
      }
    },
  });

  // Like a Go pipe's, the tee's error reaches whoever reads it next; with
  // no reader attached at that moment it must not crash the process.
  tee.on('error', () => undefined);

  // The split may already have failed while the blob was being opened. A
  // Go pipe keeps that error for the next read, so the tee takes it over.
  if (source.errored !== null) {
    tee.destroy(source.errored);
    return tee;
  }

  source.on('error', (error) => closePipeWithError(tee, error));
  return source.pipe(tee);
}

function writeAll(stream: NodeJS.WritableStream, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

