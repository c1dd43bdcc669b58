/**
 * Test helpers for modules built on the Posture security backend's extension points; for
 * tests only, never imported by production code.
 *
 * @packageDocumentation
 */
export { startFeedServer } from './feedServer';
export type { FeedReply, FeedServer } from './feedServer';
