/**
 * A scaffolder module with the `posture:secret-request:create` action: a software template
 * opens a Posture secret request for the service it creates, as the user who runs it.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSecurity as default } from './module';
export {
  createSecretRequestAction,
  DRY_RUN,
  SECRET_REQUEST_CREATE_ACTION_ID,
} from './actions/createSecretRequestAction';
export { SecretRequestsClient } from './actions/SecretRequestsClient';
export type { CatalogWaitOptions } from './actions/waitForCatalog';
