import type { VexFormatHandler } from '@posture/backstage-plugin-security-node';
import { isCycloneDxVexDocument, neverThrows } from '../detect';
import { parseCycloneDxVex } from './parseCycloneDxVex';

/** CycloneDX VEX: analysed vulnerabilities, no components. @public */
export const cycloneDxVexFormat: VexFormatHandler = {
  format: 'cyclonedx-vex',
  detect: neverThrows(isCycloneDxVexDocument),
  parse: parseCycloneDxVex,
};
