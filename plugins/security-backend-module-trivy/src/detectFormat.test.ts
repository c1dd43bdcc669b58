import { cycloneDxReportFormat } from './cyclonedx';
import { detectFormat } from './detectFormat';
import { spdxReportFormat } from './spdx';
import { trivyReportFormat } from './trivy';

describe('detectFormat', () => {
  it.each([
    [{ SchemaVersion: 2, ArtifactName: 'x' }, 'trivy'],
    [{ SchemaVersion: 2, Results: [] }, 'trivy'],
    // Detected so that parse can explain the version problem.
    [{ SchemaVersion: 1, ArtifactName: 'x' }, 'trivy'],
    [{ bomFormat: 'CycloneDX', specVersion: '1.1' }, 'cyclonedx'],
    [{ spdxVersion: 'SPDX-2.1' }, 'spdx'],
    [{ SchemaVersion: 2 }, null],
    [{ bomFormat: 'cyclonedx' }, null],
    [{ spdxVersion: 2.3 }, null],
    [{ spdxVersion: '2.3' }, null],
    [[{ Target: 'x' }], null],
    [null, null],
    ['SchemaVersion', null],
    [42, null],
  ])('%j -> %s', (document, expected) => {
    expect(detectFormat(document)).toBe(expected);
  });

  it('never throws, even for hostile values', () => {
    const hostile = new Proxy(
      {},
      {
        has: () => {
          throw new Error('boom');
        },
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(detectFormat(hostile)).toBeNull();
    for (const handler of [
      trivyReportFormat,
      cycloneDxReportFormat,
      spdxReportFormat,
    ]) {
      expect(handler.detect(hostile)).toBe(false);
      expect(handler.detect(undefined)).toBe(false);
    }
  });
});
