import { ConfigReader } from '@backstage/config';
import { readSecurityBackendConfig } from './config';

describe('readSecurityBackendConfig', () => {
  it('defaults to a 50mb upload limit and no seeding', () => {
    expect(readSecurityBackendConfig(new ConfigReader({}))).toEqual({
      maxReportSize: '50mb',
      seedDirectory: undefined,
    });
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
