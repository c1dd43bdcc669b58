import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  SecretProvisioningError,
  securitySecretProvisionersExtensionPoint,
  type SecretProvisioner,
} from './index';

describe('securitySecretProvisionersExtensionPoint', () => {
  it('carries a provisioner from a module to the security plugin', async () => {
    const received: SecretProvisioner[] = [];
    const provisioner: SecretProvisioner = {
      id: 'vault',
      describe: () => ({ mount: 'secret', path: 'default/app/key' }),
      provision: async () => ({
        mount: 'secret',
        path: 'default/app/key',
        version: 1,
        policyName: 'posture-secret-kv-app',
      }),
    };
    const plugin = createBackendPlugin({
      pluginId: 'security',
      register(env) {
        env.registerExtensionPoint(securitySecretProvisionersExtensionPoint, {
          addSecretProvisioner: (...p) => received.push(...p),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    const module = createBackendModule({
      pluginId: 'security',
      moduleId: 'example-provisioner',
      register(env) {
        env.registerInit({
          deps: { provisioners: securitySecretProvisionersExtensionPoint },
          async init({ provisioners }) {
            provisioners.addSecretProvisioner(provisioner);
          },
        });
      },
    });
    await startTestBackend({ features: [plugin, module] });
    expect(received).toEqual([provisioner]);
  });

  it('has an error that says whether a retry can help', () => {
    const error = new SecretProvisioningError('Vault is sealed', true);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SecretProvisioningError');
    expect(error.retryable).toBe(true);
    expect(new SecretProvisioningError('policy', false).retryable).toBe(false);
  });
});
