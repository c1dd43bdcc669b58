import {
  ANNOTATION_POLICY,
  gradeWithPolicy,
  policyFor,
  POSTURE_SOURCES,
  SEVERITIES,
  type PolicyCheckId,
  type PolicyGrade,
  type PolicySet,
  type PostureSource,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { whereOpen } from './openFindings';
import type { PostureEntityRow } from './postureEntityRows';
import type { PostureSections } from './PostureStore';
import { toIsoTimestamp } from './rows';
import type { EntityFacts, GradingInputs } from './gradingTypes';

export type { EntityFacts, GradingInputs } from './gradingTypes';

/** How much of the findings' exploit data grading needs. */
export interface GradingInputsOptions {
  /**
   * Findings with an EPSS score below this (and not in KEV) are left out of `exploitSignals`:
   * no policy's `exploit-likelihood` counts them, and nearly every CVE has a score. Default 0:
   * every scored finding.
   */
  epssFloor?: number;
}

/** The lowest EPSS any policy's exploit-likelihood check (or the high-EPSS count) counts from. */
export function epssFloorOf(policies: PolicySet): number {
  const thresholds = Object.values(policies.policies).flatMap(policy => {
    const check = policy.checks['exploit-likelihood'];
    return check ? [check.minEpss ?? policies.highEpss] : [];
  });
  return Math.min(policies.highEpss, ...thresholds);
}

interface ExploitSignalRow {
  entity_ref: string;
  vuln_id: string;
  severity: string;
  package_name: string;
  installed_version: string | null;
  fixed_version: string | null;
  cve_id: string;
  kev_date_added: string | null;
  epss: number | string | null;
}

/** Rows per query when loading inputs for many entities (bound parameters stay low). */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    out.push(items.slice(i, i + CHUNK));
  }
  return out;
}

function parseSources(value: string | null | undefined): PostureSource[] {
  const named = new Set((value ?? '').split(',').map(s => s.trim()));
  return POSTURE_SOURCES.filter(source => named.has(source));
}

const severityOf = (value: string) =>
  SEVERITIES.find(s => s === value) ?? 'unknown';

/**
 * The open findings of the entities whose CVE is in KEV or scored at least `epssFloor`: KEV
 * and EPSS are joined here, at read time, on the finding's CVE.
 */
function exploitSignalRows(
  db: Knex | Knex.Transaction,
  refs: readonly string[],
  epssFloor: number,
): Promise<ExploitSignalRow[]> {
  const q = db('vulnerabilities as v')
    .leftJoin('kev_entries as k', 'k.cve_id', 'v.cve_id')
    .leftJoin('epss_scores as s', 's.cve_id', 'v.cve_id')
    .whereIn('v.entity_ref', refs)
    .whereNotNull('v.cve_id')
    .where(inner =>
      inner.whereNotNull('k.cve_id').orWhere('s.epss', '>=', epssFloor),
    )
    .select(
      'v.entity_ref',
      'v.vuln_id',
      'v.severity',
      'v.package_name',
      'v.installed_version',
      'v.fixed_version',
      'v.cve_id',
      'k.date_added as kev_date_added',
      's.epss',
    );
  whereOpen(q, 'v');
  return q;
}

/**
 * Loads the facts, open findings that have a fix or exploit data (VEX-cleared ones are not
 * open), and approved, unexpired exemptions of each entity, in a few set-based queries, so
 * grading one entity and regrading thousands share one path.
 */
export async function loadGradingInputs(
  db: Knex | Knex.Transaction,
  entityRefs: readonly string[],
  now: Date,
  options: GradingInputsOptions = {},
): Promise<Map<string, GradingInputs>> {
  const inputs = new Map<string, GradingInputs>();
  for (const ref of entityRefs) {
    inputs.set(ref, {
      facts: null,
      fixableFindings: [],
      exemptions: [],
      exploitSignals: [],
    });
  }
  for (const refs of chunks([...new Set(entityRefs)])) {
    // One after another: inside a transaction the queries share one connection.
    const facts: PostureEntityRow[] = await db('posture_entities').whereIn(
      'entity_ref',
      refs,
    );
    const tags = await db('posture_entity_tags')
      .whereIn('entity_ref', refs)
      .select('entity_ref', 'tag');
    const fixable = db('vulnerabilities')
      .whereIn('entity_ref', refs)
      .whereNotNull('fixed_version')
      .andWhereNot('fixed_version', '')
      .select('entity_ref', 'vuln_id', 'severity', 'package_name')
      .select('fixed_version');
    whereOpen(fixable);
    const findings = await fixable;
    const signals = await exploitSignalRows(db, refs, options.epssFloor ?? 0);
    const exemptions = await db('posture_exemptions')
      .whereIn('entity_ref', refs)
      .andWhere({ status: 'approved' })
      .andWhere('expires_at', '>', now.toISOString())
      .select('id', 'entity_ref', 'check', 'finding_id', 'expires_at');
    const tagsOf = new Map<string, string[]>();
    for (const row of tags) {
      tagsOf.set(row.entity_ref, [
        ...(tagsOf.get(row.entity_ref) ?? []),
        row.tag,
      ]);
    }
    for (const row of facts) {
      inputs.get(row.entity_ref)!.facts = {
        entityRef: row.entity_ref,
        kind: row.kind,
        namespace: row.namespace,
        name: row.name,
        title: row.title,
        ownerRef: row.owner_ref ?? null,
        systemRef: row.system_ref ?? null,
        domainRef: row.domain_ref ?? null,
        lifecycle: row.lifecycle ?? null,
        policy: row.policy ?? null,
        sources: parseSources(row.sources),
        tags: (tagsOf.get(row.entity_ref) ?? []).sort(),
      };
    }
    for (const row of findings) {
      inputs.get(row.entity_ref)!.fixableFindings.push({
        id: row.vuln_id,
        severity: severityOf(row.severity),
        packageName: row.package_name,
        fixedVersion: row.fixed_version,
      });
    }
    for (const row of signals) {
      inputs.get(row.entity_ref)!.exploitSignals.push({
        id: row.vuln_id,
        severity: severityOf(row.severity),
        packageName: row.package_name,
        installedVersion: row.installed_version ?? null,
        fixedVersion: row.fixed_version || null,
        kev: row.kev_date_added !== null && row.kev_date_added !== undefined,
        epss:
          row.epss === null || row.epss === undefined ? null : Number(row.epss),
        cveId: row.cve_id,
        kevDateAdded: row.kev_date_added ?? null,
      });
    }
    for (const row of exemptions) {
      inputs.get(row.entity_ref)!.exemptions.push({
        id: row.id,
        check: row.check as PolicyCheckId,
        findingId: row.finding_id ?? null,
        expiresAt: toIsoTimestamp(row.expires_at),
      });
    }
  }
  return inputs;
}

/**
 * The sources that apply to an entity: what its annotations declared at the last regrade
 * (scan and SBOM always), plus a signature once a scan names the image's digest, plus secrets
 * once a secrets source reported any (an entity not yet recorded from the catalog).
 */
export function applicableFrom(
  facts: EntityFacts | null,
  sections: PostureSections,
): PostureSource[] {
  const applies = new Set<PostureSource>(facts?.sources ?? ['scan', 'sbom']);
  applies.add('scan');
  applies.add('sbom');
  if (sections.vulnerabilities?.digest) {
    applies.add('signature');
  }
  if (sections.secrets) {
    applies.add('secrets');
  }
  return POSTURE_SOURCES.filter(source => applies.has(source));
}

/** Grades an entity's sections under its policy; pure given its inputs. */
export function gradeSections(
  policies: PolicySet,
  sections: PostureSections,
  inputs: GradingInputs,
  now: Date,
): PolicyGrade {
  const annotations = inputs.facts?.policy
    ? { [ANNOTATION_POLICY]: inputs.facts.policy }
    : undefined;
  const { policy, unknownName } = policyFor(policies, annotations);
  return gradeWithPolicy({
    policy,
    // A typo in the annotation grades with the default, and the first reason says so.
    unknownName,
    sections,
    applicable: applicableFrom(inputs.facts, sections),
    fixableFindings: inputs.fixableFindings,
    exploitSignals: inputs.exploitSignals,
    exemptions: inputs.exemptions,
    now,
  });
}
