/**
 * The Posture security backend plugin.
 *
 * @packageDocumentation
 */
export { securityPlugin as default } from './plugin';
