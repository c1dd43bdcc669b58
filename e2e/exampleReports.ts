import fs from 'fs';
import path from 'path';

/** The demo's example reports, which the backend seeds at start (security.reports.seedDirectory). */
const REPORTS = path.resolve(__dirname, '../examples/reports');

interface TrivyVulnerability {
  VulnerabilityID: string;
  VendorIDs?: string[] | null;
}

interface ReportDocument {
  Results?: Array<{ Vulnerabilities?: TrivyVulnerability[] | null }> | null;
  vulnerabilities?: Array<{
    id?: string;
    references?: Array<{ id?: string }>;
  }>;
}

/** Every id a report gives one finding: its own and its aliases (Trivy and CycloneDX). */
function vulnerabilityIds(document: ReportDocument): Set<string> {
  const ids = new Set<string>();
  for (const result of document.Results ?? []) {
    for (const v of result.Vulnerabilities ?? []) {
      ids.add(v.VulnerabilityID.toUpperCase());
      for (const alias of v.VendorIDs ?? []) ids.add(alias.toUpperCase());
    }
  }
  for (const v of document.vulnerabilities ?? []) {
    if (v.id) ids.add(v.id.toUpperCase());
    for (const ref of v.references ?? []) {
      if (ref.id) ids.add(ref.id.toUpperCase());
    }
  }
  return ids;
}

/**
 * The example services whose seeded reports name a vulnerability (by id or alias), read from
 * the JSON files themselves: what the impact query must answer, found without the backend.
 * A service directory is `component:default/<directory>` (examples/reports/README.md).
 */
export function exampleServicesWithVulnerability(id: string): string[] {
  const wanted = id.toUpperCase();
  return fs
    .readdirSync(REPORTS, { withFileTypes: true })
    .filter(dir => dir.isDirectory())
    .map(dir => dir.name)
    .filter(service =>
      fs
        .readdirSync(path.join(REPORTS, service))
        .filter(file => file.endsWith('.json'))
        .some(file =>
          vulnerabilityIds(
            JSON.parse(
              fs.readFileSync(path.join(REPORTS, service, file), 'utf8'),
            ),
          ).has(wanted),
        ),
    )
    .sort();
}
