export { PolicySection } from './PolicySection';
