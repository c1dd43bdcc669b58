/**
 * Wire types, permissions, catalog annotations and the pure rules shared by the Posture
 * security plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './images';
export * from './grading';
export * from './checkLabels';
export * from './postureSources';
export * from './secretReasons';
export * from './signatureReasons';
export * from './policy';
export * from './secretAge';
export * from './cveIds';
export * from './secretItems';
export * from './signatureVerdicts';
export * from './emptyPosture';
export * from './secretRequests';
export * from './vexProducts';
export * from './purls';
