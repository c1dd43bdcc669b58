export interface Config {
  /** The Security tab reads everything from the security backend; it has no settings yet. */
  security?: {};
}
