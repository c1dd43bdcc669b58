export interface Config {
  /** Posture security plugins: modules built on these extension points declare their keys. */
  security?: {};
}
