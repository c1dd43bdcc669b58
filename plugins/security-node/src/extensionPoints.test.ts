import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  securityPostureSourcesExtensionPoint,
  securityReportFormatsExtensionPoint,
  type PostureSource,
  type ReportFormatHandler,
} from './index';

const format: ReportFormatHandler = {
  format: 'trivy',
  detect: doc =>
    typeof doc === 'object' && doc !== null && 'SchemaVersion' in doc,
  parse: () => ({
    format: 'trivy',
    artifact: { name: 'ghcr.io/acme/api', digests: [] },
    generatedAt: null,
    vulnerabilities: [],
    components: [],
    otherFindings: {},
  }),
};

const source: PostureSource = {
  observes: 'secrets',
  id: 'vault',
  appliesTo: () => true,
  collect: async () => ({ kind: 'secrets', items: [] }),
};

describe('extension points', () => {
  it('carry report formats and posture sources from a module to the security plugin', async () => {
    const received: {
      formats: ReportFormatHandler[];
      sources: PostureSource[];
    } = {
      formats: [],
      sources: [],
    };
    // Stands in for security-backend: owns the extension points, reads what modules added.
    const plugin = createBackendPlugin({
      pluginId: 'security',
      register(env) {
        env.registerExtensionPoint(securityReportFormatsExtensionPoint, {
          addReportFormat: (...f) => received.formats.push(...f),
        });
        env.registerExtensionPoint(securityPostureSourcesExtensionPoint, {
          addPostureSource: (...s) => received.sources.push(...s),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    const module = createBackendModule({
      pluginId: 'security',
      moduleId: 'example',
      register(env) {
        env.registerInit({
          deps: {
            formats: securityReportFormatsExtensionPoint,
            sources: securityPostureSourcesExtensionPoint,
          },
          async init({ formats, sources }) {
            formats.addReportFormat(format);
            sources.addPostureSource(source);
          },
        });
      },
    });

    await startTestBackend({ features: [plugin, module] });

    expect(received.formats).toEqual([format]);
    expect(received.sources.map(s => s.id)).toEqual(['vault']);
    expect(received.formats[0].detect({ SchemaVersion: 2 })).toBe(true);
  });

  it('cannot be used by a module of another plugin', async () => {
    const plugin = createBackendPlugin({
      pluginId: 'security',
      register(env) {
        env.registerExtensionPoint(securityReportFormatsExtensionPoint, {
          addReportFormat: () => {},
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    const foreign = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'sneaky',
      register(env) {
        env.registerInit({
          deps: { formats: securityReportFormatsExtensionPoint },
          async init() {},
        });
      },
    });
    await expect(
      startTestBackend({ features: [plugin, foreign] }),
    ).rejects.toThrow();
  });
});
