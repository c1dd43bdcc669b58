export {
  invalidConfig,
  readPositiveNumber,
  readStringArray,
  readUrl,
} from './readConfig';
export type { ConfigSource, NumberBounds } from './readConfig';
