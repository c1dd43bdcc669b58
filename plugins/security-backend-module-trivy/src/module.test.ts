import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  securityReportFormatsExtensionPoint,
  type ReportFormatHandler,
} from '@posture/backstage-plugin-security-node';
import securityModuleTrivy, {
  cycloneDxReportFormat,
  spdxReportFormat,
  trivyReportFormat,
} from './index';

describe('securityModuleTrivy', () => {
  it('registers the Trivy, CycloneDX and SPDX formats, in that order', async () => {
    const registered: ReportFormatHandler[] = [];
    // Stands in for security-backend, which owns the extension point.
    const plugin = createBackendPlugin({
      pluginId: 'security',
      register(env) {
        env.registerExtensionPoint(securityReportFormatsExtensionPoint, {
          addReportFormat: (...formats) => registered.push(...formats),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });

    const backend = await startTestBackend({
      features: [plugin, securityModuleTrivy],
    });
    try {
      expect(registered).toEqual([
        trivyReportFormat,
        cycloneDxReportFormat,
        spdxReportFormat,
      ]);
      expect(registered.map(f => f.format)).toEqual([
        'trivy',
        'cyclonedx',
        'spdx',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
