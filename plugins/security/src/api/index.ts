export { securityApiRef, type SecurityApi } from './SecurityApi';
export { SecurityClient } from './SecurityClient';
