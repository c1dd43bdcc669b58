import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  securityPostureSourcesExtensionPoint,
  type PostureSource,
} from '@posture/backstage-plugin-security-node';
import securityModuleVault, { VaultSecretsSource } from './index';

/** Stands in for security-backend, which owns the extension point. */
function fakeSecurityPlugin(registered: PostureSource[]) {
  return createBackendPlugin({
    pluginId: 'security',
    register(env) {
      env.registerExtensionPoint(securityPostureSourcesExtensionPoint, {
        addPostureSource: (...sources) => registered.push(...sources),
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
