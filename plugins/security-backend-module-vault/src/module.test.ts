import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  securityPostureSourcesExtensionPoint,
  securitySecretProvisionersExtensionPoint,
  type PostureSource,
  type SecretProvisioner,
} from '@posture/backstage-plugin-security-node';
import securityModuleVault, {
  VaultSecretProvisioner,
  VaultSecretsSource,
} from './index';

/** Stands in for security-backend, which owns the extension points. */
function fakeSecurityPlugin(
  registered: PostureSource[],
  provisioners: SecretProvisioner[] = [],
) {
  return createBackendPlugin({
    pluginId: 'security',
    register(env) {
      env.registerExtensionPoint(securityPostureSourcesExtensionPoint, {
        addPostureSource: (...sources) => registered.push(...sources),
      });
      env.registerExtensionPoint(securitySecretProvisionersExtensionPoint, {
        addSecretProvisioner: (...p) => provisioners.push(...p),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

describe('securityModuleVault', () => {
  it('registers the vault source when Vault is configured', async () => {
    const registered: PostureSource[] = [];
    const backend = await startTestBackend({
      features: [
        fakeSecurityPlugin(registered),
        securityModuleVault,
        mockServices.rootConfig.factory({
          data: {
            security: {
              vault: {
                baseUrl: 'http://127.0.0.1:1',
                auth: { method: 'token', token: 'hvs.x' },
                schedule: { minutes: 10 },
              },
            },
          },
        }),
      ],
    });
    try {
      expect(registered).toHaveLength(1);
      expect(registered[0]).toBeInstanceOf(VaultSecretsSource);
      expect(registered[0].id).toBe('vault');
      expect(registered[0].schedule).toEqual({
        frequency: { minutes: 10 },
        timeout: { minutes: 15 },
      });
    } finally {
      await backend.stop();
    }
  });

  it('registers the vault provisioner only when security.vault.provisioner is configured', async () => {
    const vault = {
      baseUrl: 'http://127.0.0.1:1',
      auth: { method: 'token', token: 'hvs.reader' },
    };
    const start = async (config: object) => {
      const provisioners: SecretProvisioner[] = [];
      const backend = await startTestBackend({
        features: [
          fakeSecurityPlugin([], provisioners),
          securityModuleVault,
          mockServices.rootConfig.factory({ data: { security: config } }),
        ],
      });
      await backend.stop();
      return provisioners;
    };
    expect(await start({ vault })).toEqual([]);
    const registered = await start({
      vault: {
        ...vault,
        provisioner: {
          auth: { method: 'token', token: 'hvs.provisioner' },
          mounts: ['secret'],
          pathPrefixes: ['default/'],
        },
      },
    });
    expect(registered).toHaveLength(1);
    expect(registered[0]).toBeInstanceOf(VaultSecretProvisioner);
    expect(registered[0].id).toBe('vault');
    expect(
      registered[0].describe({
        entityRef: 'component:default/payment-gateway',
        kind: 'kv',
        name: 'stripe-key',
      }),
    ).toEqual({ mount: 'secret', path: 'default/payment-gateway/stripe-key' });
  });

  it("stops start-up when the provisioner would use the reader's identity, or has no Vault", async () => {
    const provisioner = {
      auth: { method: 'token', token: 'hvs.same' },
      mounts: ['secret'],
      pathPrefixes: ['default/'],
    };
    await expect(
      startTestBackend({
        features: [
          fakeSecurityPlugin([]),
          securityModuleVault,
          mockServices.rootConfig.factory({
            data: {
              security: {
                vault: {
                  baseUrl: 'http://127.0.0.1:1',
                  auth: { method: 'token', token: 'hvs.same' },
                  provisioner,
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /security\.vault\.provisioner\.auth: must be a Vault identity of its own/,
    );
    await expect(
      startTestBackend({
        features: [
          fakeSecurityPlugin([]),
          securityModuleVault,
          mockServices.rootConfig.factory({
            data: { security: { vault: { provisioner } } },
          }),
        ],
      }),
    ).rejects.toThrow(
      /security\.vault\.provisioner: needs security\.vault\.baseUrl/,
    );
  });

  it('registers nothing, and says so, when Vault is not configured', async () => {
    const registered: PostureSource[] = [];
    const messages: string[] = [];
    const logger = mockServices.logger.mock({
      info: (message: string) => {
        messages.push(message);
      },
    });
    logger.child.mockReturnValue(logger);
    const backend = await startTestBackend({
      features: [
        fakeSecurityPlugin(registered),
        securityModuleVault,
        mockServices.rootConfig.factory({ data: {} }),
        logger.factory,
      ],
    });
    try {
      expect(registered).toEqual([]);
      expect(messages).toContain(
        'Vault is not configured (security.vault.baseUrl is not set); secret ages are not read',
      );
    } finally {
      await backend.stop();
    }
  });

  it('stops the backend at start-up on bad configuration', async () => {
    await expect(
      startTestBackend({
        features: [
          fakeSecurityPlugin([]),
          securityModuleVault,
          mockServices.rootConfig.factory({
            data: {
              security: {
                vault: { baseUrl: 'http://v', auth: { method: 'ldap' } },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/security\.vault\.auth\.method/);
  });
});
