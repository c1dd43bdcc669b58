import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  securityVexFormatsExtensionPoint,
  type VexFormatHandler,
} from '@posture/backstage-plugin-security-node';
import securityModuleVex, { cycloneDxVexFormat, openVexFormat } from './index';

describe('securityModuleVex', () => {
  it('registers the OpenVEX and CycloneDX VEX formats', async () => {
    const registered: VexFormatHandler[] = [];
    // Stands in for security-backend, which owns the extension point.
    const plugin = createBackendPlugin({
      pluginId: 'security',
      register(env) {
        env.registerExtensionPoint(securityVexFormatsExtensionPoint, {
          addVexFormat: (...formats) => registered.push(...formats),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });

    const backend = await startTestBackend({
      features: [plugin, securityModuleVex],
    });
    try {
      expect(registered).toEqual([openVexFormat, cycloneDxVexFormat]);
      expect(registered.map(f => f.format)).toEqual([
        'openvex',
        'cyclonedx-vex',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
