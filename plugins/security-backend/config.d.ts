export interface Config {
  /**
   * Posture security plugin. The demo's settings live in the root app-config.yaml; each
   * capability documents its keys in docs/configuration.md.
   */
  security?: {};
}
