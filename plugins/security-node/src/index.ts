/**
 * Extension points and contracts through which backend modules add report formats (push)
 * and posture sources (pull) to the Posture security backend.
 *
 * @packageDocumentation
 */
export * from './reportFormats';
export * from './postureSources';
