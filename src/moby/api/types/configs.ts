/** Options of `DELETE /plugins/{name}`. @go api/types/configs.go:57-59 */
export interface PluginRmConfig {
  forceRemove: boolean;
}

/** Options of `POST /plugins/{name}/enable`, in seconds. @go api/types/configs.go:62-64 */
export interface PluginEnableConfig {
  timeout: number;
}

/** Options of `POST /plugins/{name}/disable`. @go api/types/configs.go:67-69 */
export interface PluginDisableConfig {
  forceDisable: boolean;
}
