import { createBackendModule } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  securityReportFormatsExtensionPoint,
  type ReportFormatHandler,
} from '@posture/backstage-plugin-security-node';
import { makeVulnerability } from './parsedReports';

/**
 * A minimal report format for router tests:
 * `{ "fakeScan": { "image", "findings", "at", "digest"? } }`.
 * The real formats live in their own modules and are tested there and in the fixture test.
 */
export const fakeScanFormat: ReportFormatHandler = {
  format: 'trivy',
  detect: doc => typeof doc === 'object' && doc !== null && 'fakeScan' in doc,
  parse(doc) {
    const scan = (
      doc as {
        fakeScan: {
          image?: unknown;
          findings?: unknown;
          at?: string;
          digest?: string;
        };
      }
    ).fakeScan;
    if (typeof scan.findings !== 'number') {
      throw new InputError(
        'Invalid fake scan: fakeScan.findings must be a number',
      );
    }
    return {
      format: 'trivy',
      artifact: {
        name: typeof scan.image === 'string' ? scan.image : null,
        digests:
          typeof scan.image === 'string' && typeof scan.digest === 'string'
            ? [`${scan.image}@${scan.digest}`]
            : [],
      },
      generatedAt: scan.at ?? null,
      vulnerabilities: Array.from({ length: scan.findings }, (_, i) =>
        makeVulnerability(i),
      ),
      components: [],
      otherFindings: {},
    };
  },
};

export const fakeFormatModule = createBackendModule({
  pluginId: 'security',
  moduleId: 'fake-format',
  register(env) {
    env.registerInit({
      deps: { formats: securityReportFormatsExtensionPoint },
      async init({ formats }) {
        formats.addReportFormat(fakeScanFormat);
      },
    });
  },
});
