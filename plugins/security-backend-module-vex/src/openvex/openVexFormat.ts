import type { VexFormatHandler } from '@posture/backstage-plugin-security-node';
import { isOpenVexDocument, neverThrows } from '../detect';
import { parseOpenVex } from './parseOpenVex';

/** OpenVEX documents (`@context` https://openvex.dev/ns/...). @public */
export const openVexFormat: VexFormatHandler = {
  format: 'openvex',
  detect: neverThrows(isOpenVexDocument),
  parse: parseOpenVex,
};
