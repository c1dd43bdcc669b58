/**
 * Wire types, permissions and catalog annotations shared by the Posture security plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './images';
export * from './grading';
export * from './secretAge';
