import { report } from '../../testing/fixtures';
import {
  componentsOnlyFromTrivy,
  downloadFileName,
  downloadLabel,
  sbomDocuments,
} from './sbomReports';

describe('sbomReports', () => {
  const trivy = report({ id: 't', format: 'trivy', components: 12 });
  const bundle = report({ id: 'b', format: 'sigstore-bundle', components: 0 });
  const cyclonedx = report({ id: 'c' });
  const spdx = report({ id: 's', format: 'spdx' });

  it('only offers CycloneDX and SPDX documents as SBOMs', () => {
    expect(sbomDocuments([trivy, bundle, cyclonedx, spdx])).toEqual([
      cyclonedx,
      spdx,
    ]);
  });

  it('tells when every component comes from a Trivy report', () => {
    expect(componentsOnlyFromTrivy([trivy, bundle])).toBe(true);
    expect(componentsOnlyFromTrivy([trivy, cyclonedx])).toBe(false);
    expect(
      componentsOnlyFromTrivy([report({ format: 'trivy', components: 0 })]),
    ).toBe(false);
    expect(componentsOnlyFromTrivy([])).toBe(false);
  });

  it('labels a download with the format, the date and, when needed, the artifact', () => {
    expect(downloadLabel(cyclonedx, false)).toBe(
      'Download CycloneDX (2026-11-20)',
    );
    expect(downloadLabel(spdx, true)).toBe(
      'Download SPDX (2026-11-20, ghcr.io/acme/payments:1.4.2)',
    );
  });

  it('names the file after the entity and the format', () => {
    expect(downloadFileName('payments', 'spdx')).toBe('payments-spdx.json');
  });
});
