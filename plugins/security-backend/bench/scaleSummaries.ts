/*
 * The summary row of every generated entity (entity_posture), written set-based from the rows
 * the fleet holds, the way summarizeReports counts them for one entity: open findings by
 * severity, those with a fix, those in KEV or at high EPSS, the cleared ones, the newest scan's
 * time, artifact and digest; the SBOM's component count. Scans are first aged 0 to 44 days so
 * grades differ as they do in a real fleet. Signature and secrets sections follow
 * scorecardsFleet (mostly verified; three secrets for every third entity). Grades are left to
 * the regrade. `yarn bench:scale` then recounts a sample with the real code
 * (refreshFindings) and checks the two agree.
 */
import {
  DEFAULT_POLICY_SET,
  SEVERITIES,
  VEX_CLEARING_STATUSES,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (expression: string) =>
  `to_char((${expression}) AT TIME ZONE 'UTC', ${ISO})`;

/** `i` of a generated entity, from its name (svc-00042). */
const I = `substring(e.name from 5)::int`;

const OPEN = `(v.vex_status IS NULL OR v.vex_status NOT IN (${VEX_CLEARING_STATUSES.map(
  s => `'${s}'`,
).join(', ')}))`;
const FIXABLE = `v.fixed_version IS NOT NULL AND v.fixed_version <> ''`;

/** Scans 0 to 44 days old (and a few seconds apart, so an entity's newest scan is clear). */
export async function ageScans(knex: Knex, now: Date): Promise<number> {
  const result = await knex.raw(
    `UPDATE reports SET generated_at = ?::timestamptz
        - make_interval(days => abs(hashtext(entity_ref)) % 45,
                        secs => abs(hashtext(artifact || entity_ref)) % 86400)
      WHERE is_scan`,
    [now.toISOString()],
  );
  return result.rowCount ?? 0;
}

export async function fillSummaries(
  knex: Knex,
  now: Date,
  highEpss = DEFAULT_POLICY_SET.highEpss,
): Promise<number> {
  const at = now.toISOString();
  const bySeverity = (condition: string) =>
    `jsonb_build_object(${SEVERITIES.map(
      s => `'${s}', coalesce(c.${condition}_${s}, 0)`,
    ).join(', ')})`;
  const severityCounts = SEVERITIES.flatMap(s => [
    `count(*) FILTER (WHERE ${OPEN} AND v.severity = '${s}') AS open_${s}`,
    `count(*) FILTER (WHERE ${OPEN} AND ${FIXABLE} AND v.severity = '${s}') AS fixable_${s}`,
  ]).join(',\n ');
  const result = await knex.raw(
    `WITH counts AS (
       SELECT v.entity_ref, ${severityCounts},
              count(*) FILTER (WHERE ${OPEN} AND k.cve_id IS NOT NULL) AS kev,
              count(*) FILTER (WHERE ${OPEN} AND s.epss >= ?) AS high_epss,
              count(*) FILTER (WHERE NOT ${OPEN}) AS cleared
         FROM vulnerabilities v
         LEFT JOIN kev_entries k ON k.cve_id = v.cve_id
         LEFT JOIN epss_scores s ON s.cve_id = v.cve_id
        GROUP BY v.entity_ref),
     latest_scan AS (
       SELECT DISTINCT ON (entity_ref) entity_ref, generated_at, artifact, artifact_name, digest
         FROM reports WHERE is_scan
        ORDER BY entity_ref, generated_at DESC),
     sboms AS (
       SELECT entity_ref, sum(component_count) AS components,
              (array_agg(format ORDER BY generated_at DESC))[1] AS format,
              max(generated_at) AS generated_at
         FROM reports
        WHERE component_count > 0 OR format IN ('cyclonedx', 'spdx')
        GROUP BY entity_ref)
     INSERT INTO entity_posture (entity_ref, grade, score, reasons, vulnerabilities, sbom,
                                 signature, secrets, updated_at, policy, checks, version,
                                 kev_count, high_epss_count)
     SELECT e.entity_ref, NULL, NULL, '[]',
            CASE WHEN ls.entity_ref IS NOT NULL THEN (
              ${bySeverity('open')} || jsonb_build_object(
                'fixable', ${bySeverity('fixable')},
                'kev', coalesce(c.kev, 0), 'highEpss', coalesce(c.high_epss, 0),
                'notAffected', coalesce(c.cleared, 0),
                'scannedAt', ${iso('ls.generated_at')},
                'artifact', coalesce(ls.artifact_name, ls.artifact),
                'digest', ls.digest, 'stale', false))::text END,
            CASE WHEN sb.entity_ref IS NOT NULL THEN json_build_object(
              'components', sb.components, 'format', sb.format,
              'generatedAt', ${iso('sb.generated_at')})::text END,
            json_build_object(
              'status', CASE WHEN ${I} % 5 = 0 THEN 'unsigned'
                             WHEN ${I} % 17 = 0 THEN 'invalid' ELSE 'verified' END,
              'signer', NULL, 'checkedAt', ?::text, 'stale', false, 'digest', ls.digest,
              'reason', NULL, 'logIndex', NULL, 'logUrl', NULL, 'integratedTime', NULL)::text,
            CASE WHEN ${I} % 3 = 0 THEN json_build_object(
              'total', 3, 'overdue', 0, 'dueSoon', 0, 'oldestAgeDays', NULL,
              'overdueSecrets', '[]'::json, 'checkedAt', ?::text, 'stale', false)::text END,
            ?::timestamptz, NULL, '[]', 0, coalesce(c.kev, 0), coalesce(c.high_epss, 0)
       FROM posture_entities e
       LEFT JOIN latest_scan ls ON ls.entity_ref = e.entity_ref
       LEFT JOIN counts c ON c.entity_ref = e.entity_ref
       LEFT JOIN sboms sb ON sb.entity_ref = e.entity_ref`,
    [highEpss, at, at, at],
  );
  return result.rowCount ?? 0;
}
