export { SbomTable } from './SbomTable';
