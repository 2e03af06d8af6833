import { traced } from '../../explorer/tracing/span.ts';
import { goQuote } from '../../go/strconv/quote.ts';
import { isCanonical, parseNamed, withDefaultTag } from '../reference/reference.ts';
import { validFullID } from './manager.ts';
import type { Plugin } from './v2/plugin.ts';

/**
 * A plugin that no name, ID or ID prefix resolves to. The message contains
 * "not found", so the API answers 404.
 *
 * @go plugin/store.go:28-30
 */
export class ErrNotFound extends Error {
  constructor(readonly pluginName: string) {
    super(`plugin ${goQuote(pluginName)} not found`);
    this.name = 'ErrNotFound';
  }
}

/**
 * An ID prefix that more than one plugin ID starts with (the API answers 500).
 *
 * @go plugin/store.go:33-37
 */
export class ErrAmbiguous extends Error {
  constructor(readonly pluginName: string) {
    super(`multiple plugins found for ${goQuote(pluginName)}`);
    this.name = 'ErrAmbiguous';
  }
}

/**
 * The in-memory plugin inventory, keyed by plugin ID. What survives a
 * restart is on disk (`<root>/<id>/config.json`), which the manager reloads.
 *
 * @go plugin/defs.go:11-18
 */
export class Store {
  private plugins = new Map<string, Plugin>();

  /**
   * Returns the plugin that a name, a full ID or an ID prefix names.
   *
   * @go plugin/store.go:40-55
   */
  getV2Plugin(refOrID: string): Plugin {
    return traced({ module: import.meta.url, function: 'Store.getV2Plugin', layer: 'store' }, (span) => {
      span.setAttribute('dockhop.plugin.ref', refOrID);

      const id = this.resolvePluginID(refOrID);
      const p = this.plugins.get(id);

      if (p === undefined) {
        throw new ErrNotFound(id);
      }

      span.setAttribute('dockhop.plugin.id', id);
      return p;
    });
  }

  /**
   * Rejects a full name (`repo:tag`) that a stored plugin already has.
   * Docker says to call it with the manager lock held.
   *
   * @go plugin/store.go:58-65
   */
  validateName(name: string): void {
    traced({ module: import.meta.url, function: 'Store.validateName', layer: 'store' }, (span) => {
      span.setAttribute('dockhop.plugin.name', name);

      for (const p of this.plugins.values()) {
        if (p.name() === name) {
          throw new Error(`plugin ${goQuote(name)} already exists`);
        }
      }
    });
  }

  /**
   * Returns all plugins by ID.
   *
   * @go plugin/store.go:68-72
   */
  getAll(): Map<string, Plugin> {
    return this.plugins;
  }

  /**
   * Replaces the inventory, as the manager does after reading the disk.
   *
   * @go plugin/store.go:75-79
   */
  setAll(plugins: Map<string, Plugin>): void {
    this.plugins = plugins;
  }

  /**
   * Sets whether a plugin is enabled, in memory only; callers save it.
   *
   * @go plugin/store.go:97-102
   */
  setState(p: Plugin, state: boolean): void {
    p.pluginObj.enabled = state;
  }

  /**
   * Adds a plugin; a second plugin with the same ID is an error.
   *
   * @go plugin/store.go:106-115
   */
  add(p: Plugin): void {
    traced({ module: import.meta.url, function: 'Store.add', layer: 'store' }, (span) => {
      const existing = this.plugins.get(p.getID());

      if (existing !== undefined) {
        throw new Error(`plugin ${goQuote(p.name())} has the same ID ${p.getID()} as ${goQuote(existing.name())}`);
      }

      this.plugins.set(p.getID(), p);
      span.setAttributes({ 'dockhop.plugin.id': p.getID(), 'dockhop.plugin.count': this.plugins.size });
    });
  }

  /**
   * Removes a plugin from the inventory.
   *
   * @go plugin/store.go:118-122
   */
  remove(p: Plugin): void {
    this.plugins.delete(p.getID());
  }

  /**
   * Resolves a name to a plugin ID, in 17.03's order: a 64-hex string is
   * taken as the ID unchecked, then a name (given `:latest` when untagged)
   * must match a stored name exactly, and last the input is tried as a
   * unique ID prefix. Digest references and unparsable names are not found.
   *
   * @go plugin/store.go:225-263
   */
  resolvePluginID(idOrName: string): string {
    return traced({ module: import.meta.url, function: 'Store.resolvePluginID', layer: 'store' }, (span) => {
      if (validFullID.test(idOrName)) {
        span.setAttribute('dockhop.plugin.resolved_by', 'full id');
        return idOrName;
      }

      let ref;

      try {
        ref = parseNamed(idOrName);
      } catch {
        throw new ErrNotFound(idOrName);
      }

      if (isCanonical(ref)) {
        // NOTE: 17.03 also logs a warning through logrus here; the store has no logger in this port.
        throw new ErrNotFound(idOrName);
      }

      const fullRef = withDefaultTag(ref).string();

      for (const p of this.plugins.values()) {
        if (p.pluginObj.name === fullRef) {
          span.setAttribute('dockhop.plugin.resolved_by', 'name');
          return p.pluginObj.id;
        }
      }

      let found: Plugin | undefined;

      for (const [id, p] of this.plugins) {
        if (id.startsWith(idOrName)) {
          if (found !== undefined) {
            throw new ErrAmbiguous(idOrName);
          }
          found = p;
        }
      }

      if (found === undefined) {
        throw new ErrNotFound(idOrName);
      }

      span.setAttribute('dockhop.plugin.resolved_by', 'id prefix');
      return found.pluginObj.id;
    });
  }
}
