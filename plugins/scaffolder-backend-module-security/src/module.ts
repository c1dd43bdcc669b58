import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createSecretRequestAction } from './actions/createSecretRequestAction';
import { SecretRequestsClient } from './actions/SecretRequestsClient';

/**
 * Adds `posture:secret-request:create` to the scaffolder. It reaches the Posture security
 * backend through discovery (plugin id `security`).
 * @public
 */
export const scaffolderModuleSecurity = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'posture-security',
  register(env) {
    env.registerInit({
      deps: {
        actions: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ actions, auth, discovery }) {
        actions.addActions(
          createSecretRequestAction({
            auth,
            client: new SecretRequestsClient({ auth, discovery }),
          }),
        );
      },
    });
  },
});
