/**
 * Extension points and contracts through which backend modules add report formats and
 * signature bundle handlers (push) and posture sources (pull) to the Posture security backend.
 *
 * @packageDocumentation
 */
export * from './reportFormats';
export * from './postureSources';
export * from './signatureBundles';
export * from './http';
export * from './config';
