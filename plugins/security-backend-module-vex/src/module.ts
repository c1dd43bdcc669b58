import { createBackendModule } from '@backstage/backend-plugin-api';
import { securityVexFormatsExtensionPoint } from '@posture/backstage-plugin-security-node';
import { cycloneDxVexFormat } from './cyclonedx';
import { openVexFormat } from './openvex';

/**
 * Adds the OpenVEX and CycloneDX VEX document formats to the Posture security backend, so
 * `POST /v1/reports` takes VEX statements about an entity's image.
 * @public
 */
export const securityModuleVex = createBackendModule({
  pluginId: 'security',
  moduleId: 'vex',
  register(env) {
    env.registerInit({
      deps: { formats: securityVexFormatsExtensionPoint },
      async init({ formats }) {
        formats.addVexFormat(openVexFormat, cycloneDxVexFormat);
      },
    });
  },
});
