export * from './secretRequestInput';
export * from './secretRequestPath';
