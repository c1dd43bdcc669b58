export { openVexFormat } from './openVexFormat';
export { parseOpenVex } from './parseOpenVex';
