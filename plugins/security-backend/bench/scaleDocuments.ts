/*
 * The uploaded documents (report_documents) of the generated fleet, written by PostgreSQL from
 * the rows they would have produced, so the database holds what a real fleet's uploads leave:
 * per SBOM report a CycloneDX 1.5 JSON BOM of its components (Trivy's shape: bom-ref, type,
 * name, version, purl, licences), per scan report a Trivy JSON report (SchemaVersion 2) of its
 * findings with the fields Trivy writes (ids, vendor ids, package identifiers, a description,
 * CVSS, references). `yarn bench:scale` uploads these same documents again through the
 * ingestion service, so they are also checked to parse.
 */
import type { Knex } from 'knex';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (expression: string) =>
  `to_char((${expression}) AT TIME ZONE 'UTC', ${ISO})`;

const DESCRIPTION =
  'A flaw was found in the way input was parsed. An attacker able to send crafted input ' +
  'could cause excessive memory use or read data outside the intended buffer.';

export async function fillDocuments(
  knex: Knex,
): Promise<{ sboms: number; scans: number }> {
  const sboms = await knex.raw(
    `INSERT INTO report_documents (report_id, content)
     SELECT r.id, json_build_object(
              'bomFormat', 'CycloneDX', 'specVersion', '1.5',
              'serialNumber', 'urn:uuid:' || r.id, 'version', 1,
              'metadata', json_build_object(
                'timestamp', ${iso('r.generated_at')},
                'tools', json_build_object('components', json_build_array(json_build_object(
                  'type', 'application', 'group', 'aquasecurity', 'name', 'trivy',
                  'version', '0.58.1'))),
                'component', json_build_object(
                  'bom-ref', 'pkg:oci/' || r.id, 'type', 'container', 'name', r.artifact_name,
                  'properties', json_build_array(json_build_object(
                    'name', 'aquasecurity:trivy:RepoDigest',
                    'value', r.artifact || '@' || r.digest)))),
              'components', coalesce((
                SELECT json_agg(json_build_object(
                         'bom-ref', c.purl, 'type', 'library', 'name', c.name,
                         'version', c.version, 'purl', c.purl,
                         'licenses', json_build_array(json_build_object(
                           'license', json_build_object('id', 'MIT'))))
                       ORDER BY c.row_id)
                  FROM components c WHERE c.report_id = r.id), '[]'::json),
              'dependencies', '[]'::json)::text
       FROM reports r WHERE r.format = 'cyclonedx'`,
  );
  const scans = await knex.raw(
    `INSERT INTO report_documents (report_id, content)
     SELECT r.id, json_build_object(
              'SchemaVersion', 2, 'CreatedAt', ${iso('r.generated_at')},
              'ArtifactName', r.artifact_name, 'ArtifactType', 'container_image',
              'Metadata', json_build_object(
                'OS', json_build_object('Family', 'debian', 'Name', '12.5'),
                'ImageID', 'sha256:' || md5(r.id) || md5(r.digest),
                'RepoTags', json_build_array(r.artifact_name),
                'RepoDigests', json_build_array(r.artifact || '@' || r.digest)),
              'Results', json_build_array(json_build_object(
                'Target', r.artifact_name || ' (debian 12.5)', 'Class', 'lang-pkgs',
                'Type', 'jar',
                'Vulnerabilities', coalesce((
                  SELECT json_agg(json_build_object(
                           'VulnerabilityID', v.vuln_id,
                           'VendorIDs', CASE WHEN v.cve_id IS NOT NULL
                                              AND v.cve_id <> upper(v.vuln_id)
                                             THEN json_build_array(v.cve_id)
                                             ELSE '[]'::json END,
                           'PkgID', v.package_name || '@' || v.installed_version,
                           'PkgName', v.package_name,
                           'PkgIdentifier', json_build_object('PURL', v.purl),
                           'InstalledVersion', v.installed_version,
                           'FixedVersion', v.fixed_version, 'Status', v.status,
                           'SeveritySource', 'nvd',
                           'PrimaryURL', 'https://avd.aquasec.com/nvd/' || lower(v.vuln_id),
                           'Title', v.title, 'Description', ?::text,
                           'Severity', upper(v.severity), 'CweIDs', json_build_array('CWE-79'),
                           'CVSS', json_build_object('nvd', json_build_object(
                             'V3Vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
                             'V3Score', v.cvss_score)),
                           'References', json_build_array(
                             'https://nvd.nist.gov/vuln/detail/' || coalesce(v.cve_id, v.vuln_id)),
                           'PublishedDate', '2024-03-01T15:15:00Z',
                           'LastModifiedDate', '2024-05-01T10:00:00Z')
                         ORDER BY v.row_id)
                    FROM vulnerabilities v WHERE v.report_id = r.id), '[]'::json))))::text
       FROM reports r WHERE r.format = 'trivy'`,
    [DESCRIPTION],
  );
  return { sboms: sboms.rowCount ?? 0, scans: scans.rowCount ?? 0 };
}
