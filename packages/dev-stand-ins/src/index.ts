/**
 * Local stand-ins for the external services Posture reads, for the demo and the tests.
 *
 * @packageDocumentation
 */
export * from './vault';
export * from './rekor';
export { fixturesDir } from './fixturesDir';
export { hostileValue, mutate } from './hostile/hostileJson';
export { manualDelayTimer } from './shared/manualDelayTimer';
export type { DelayTimer } from './vault/delays';
export type { BaseFault } from './shared/faultRegistry';
