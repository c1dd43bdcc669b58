import { ConfigReader } from '@backstage/config';
import { readSecurityBackendConfig } from './config';

describe('readSecurityBackendConfig', () => {
  it('defaults to a 50mb upload limit, 2 ingestions at once with 20 waiting, and no seeding', () => {
    expect(readSecurityBackendConfig(new ConfigReader({}))).toEqual({
      maxReportSize: '50mb',
      maxClockSkewMs: 300000,
      maxConcurrentIngestions: 2,
      maxQueuedIngestions: 20,
      seedDirectory: undefined,
    });
  });

  it('reads the ingestion limits and refuses ones that are not whole numbers in range', () => {
    expect(
      readSecurityBackendConfig(
        new ConfigReader({
          security: {
            reports: { maxConcurrentIngestions: 4, maxQueuedIngestions: 0 },
          },
        }),
      ),
    ).toMatchObject({ maxConcurrentIngestions: 4, maxQueuedIngestions: 0 });
    expect(() =>
      readSecurityBackendConfig(
        new ConfigReader({
          security: { reports: { maxConcurrentIngestions: 0 } },
        }),
      ),
    ).toThrow('security.reports.maxConcurrentIngestions');
    expect(() =>
      readSecurityBackendConfig(
        new ConfigReader({
          security: { reports: { maxQueuedIngestions: 1.5 } },
        }),
      ),
    ).toThrow('security.reports.maxQueuedIngestions');
  });

  it('resolves the seed directory from the working directory', () => {
    const config = new ConfigReader({
      security: { reports: { seedDirectory: 'examples/reports' } },
    });
    expect(readSecurityBackendConfig(config).seedDirectory).toBe(
      require('path').resolve('examples/reports'),
    );
  });

  it('stops start-up naming the key when the size is unreadable', () => {
    const config = new ConfigReader({
      security: { reports: { maxBodySize: 'huge' } },
    });
    expect(() => readSecurityBackendConfig(config)).toThrow(
      'security.reports.maxBodySize',
    );
  });
});
