import { traced } from '../../explorer/tracing/span.ts';
import type { Plugin } from './v2/plugin.ts';

/**
 * The in-memory plugin inventory, keyed by plugin ID. What survives a
 * restart is on disk (`<root>/<id>/config.json`), which the manager reloads.
 *
 * @go plugin/defs.go:11-18
 */
export class Store {
  private plugins = new Map<string, Plugin>();

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
          throw new Error(`plugin ${goQuoteASCII(name)} already exists`);
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
   * Adds a plugin; a second plugin with the same ID is an error.
   *
   * @go plugin/store.go:106-115
   */
  add(p: Plugin): void {
    traced({ module: import.meta.url, function: 'Store.add', layer: 'store' }, (span) => {
      const existing = this.plugins.get(p.getID());

      if (existing !== undefined) {
        throw new Error(`plugin ${goQuoteASCII(p.name())} has the same ID ${p.getID()} as ${goQuoteASCII(existing.name())}`);
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
}

// TODO: use the shared Go %q port once reference parsing lands it.
function goQuoteASCII(text: string): string {
  return JSON.stringify(text);
}
