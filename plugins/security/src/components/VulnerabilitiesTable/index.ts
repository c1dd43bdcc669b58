export { VulnerabilitiesTable } from './VulnerabilitiesTable';
