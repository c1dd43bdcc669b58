export interface Config {
  /** Posture security plugins; the Trivy, CycloneDX and SPDX formats have no settings. */
  security?: {};
}
