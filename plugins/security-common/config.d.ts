export interface Config {
  /**
   * Posture security plugins. Shared settings only; the backend and its modules declare
   * their own keys in their packages' config.d.ts.
   */
  security?: {};
}
