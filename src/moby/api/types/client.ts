/**
 * Client-side option types of Docker 17.03's Engine API (package
 * github.com/docker/docker/api/types, client.go at v17.03.0-ce).
 */

/**
 * Options of `docker plugin create`: the plugin name, which may carry a
 * tag, as the user typed it.
 *
 * @go api/types/client.go:376-378
 */
export interface PluginCreateOptions {
  repoName: string;
}
