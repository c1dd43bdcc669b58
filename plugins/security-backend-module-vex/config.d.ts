export interface Config {
  /** Posture security plugins; the OpenVEX and CycloneDX VEX formats have no settings. */
  security?: {};
}
