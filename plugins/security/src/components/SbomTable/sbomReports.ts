import type { ReportFormat } from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import type { SecurityReport } from '../../api/types';
import { FORMAT_LABELS } from '../shared/formatLabels';

const SBOM_FORMATS: ReadonlyArray<ReportFormat> = ['cyclonedx', 'spdx'];

/** The reports worth downloading as an SBOM: Trivy JSON and Sigstore bundles are not SBOMs. */
export function sbomDocuments(reports: SecurityReport[]): SecurityReport[] {
  return reports.filter(report => SBOM_FORMATS.includes(report.format));
}

/**
 * True when no SBOM was uploaded and the components are the packages Trivy listed while
 * scanning; readers should know the list is a scanner's view, not a build's declaration.
 * Mirrors which reports the backend counts as SBOM sources.
 */
export function componentsOnlyFromTrivy(reports: SecurityReport[]): boolean {
  const sources = reports.filter(
    report => report.components > 0 || SBOM_FORMATS.includes(report.format),
  );
  return (
    sources.length > 0 && sources.every(report => report.format === 'trivy')
  );
}

/** "Download CycloneDX (2026-11-20)", naming the artifact when several images have one. */
export function downloadLabel(
  report: SecurityReport,
  nameArtifact: boolean,
): string {
  const date = DateTime.fromISO(
    report.generatedAt ?? report.ingestedAt,
  ).toISODate();
  const details = [
    date,
    nameArtifact ? report.artifactName ?? report.artifact : null,
  ]
    .filter(Boolean)
    .join(', ');
  const label = `Download ${FORMAT_LABELS[report.format]}`;
  return details ? `${label} (${details})` : label;
}

export function downloadFileName(
  entityName: string,
  format: ReportFormat,
): string {
  return `${entityName}-${format}.json`;
}
