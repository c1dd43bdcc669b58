import { createBackendModule } from '@backstage/backend-plugin-api';
import { securityReportFormatsExtensionPoint } from '@posture/backstage-plugin-security-node';
import { cycloneDxReportFormat } from './cyclonedx';
import { spdxReportFormat } from './spdx';
import { trivyReportFormat } from './trivy';

/**
 * Adds the Trivy JSON, CycloneDX and SPDX report formats to the Posture security backend.
 * @public
 */
export const securityModuleTrivy = createBackendModule({
  pluginId: 'security',
  moduleId: 'trivy',
  register(env) {
    env.registerInit({
      deps: { formats: securityReportFormatsExtensionPoint },
      async init({ formats }) {
        formats.addReportFormat(
          trivyReportFormat,
          cycloneDxReportFormat,
          spdxReportFormat,
        );
      },
    });
  },
});
