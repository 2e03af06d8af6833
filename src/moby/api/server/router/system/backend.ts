import type { Version } from '../../../types/types.ts';

/**
 * What the system router needs from the daemon. 17.03 also lists
 * SystemInfo, SystemDiskUsage, the events subscription and registry login,
 * whose routes dockhop does not port.
 *
 * @go api/server/router/system/backend.go:14-21
 */
export interface Backend {
  systemVersion(): Version;
}
