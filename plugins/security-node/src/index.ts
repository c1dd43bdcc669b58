/**
 * Extension points and contracts through which backend modules add report formats and
 * signature bundle handlers (push), posture sources (pull) and secret provisioners to the Posture security backend.
 *
 * @packageDocumentation
 */
export * from './reportFormats';
export * from './postureSources';
export * from './signatureBundles';
export * from './secretProvisioners';
export * from './exploitFeeds';
export * from './vexFormats';
export * from './http';
export * from './config';
export * from './feeds';
