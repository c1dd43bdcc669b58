/*
 * SYNTHETIC DEMO DATA. Only `security.demo.backfillHistoryDays` (set in the demo's
 * app-config.yaml, never in production) makes the regrade call this: it invents the past of
 * entities that have no history yet, so the demo's trend charts show movement on first start.
 * Nothing here is a measurement.
 */
import {
  gradeForScore,
  type CheckStatus,
  type PolicySet,
} from '@posture/backstage-plugin-security-common';
import type {
  FirstSnapshot,
  HistoryRow,
} from '../../database/DatabaseFleetStore';
import { addDays } from './utcDays';

/** FNV-1a: a small stable hash, so the same entity always gets the same made-up past. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const PASSED: ReadonlySet<CheckStatus> = new Set(['pass', 'exempt']);

/**
 * The invented daily snapshots of `days` days before `today` for each entity whose first
 * snapshot is today's. The story is "the team fixed things": each check that passes today
 * failed until a day in the window (chosen by a hash of entity and check; one of them always
 * inside the window, so every entity with a passing check shows movement), and the score and
 * grade follow from the policy's weights, shifted so the day before today joins today's score.
 * An entity with no grade today is left alone: once its first report is in, a later run gives
 * it a past that ends at that grade (the demo's first regrade runs before its seeded reports).
 */
export function syntheticHistory(options: {
  snapshots: readonly FirstSnapshot[];
  today: string;
  days: number;
  policies: PolicySet;
}): HistoryRow[] {
  const { snapshots, today, days, policies } = options;
  const rows: HistoryRow[] = [];
  for (const snapshot of snapshots) {
    if (snapshot.grade === null || snapshot.score === null) continue;
    const checks = JSON.parse(snapshot.checks) as Record<string, CheckStatus>;
    const policy =
      policies.policies[snapshot.policy ?? ''] ??
      policies.policies[policies.defaultPolicy];
    const weight = (check: string) =>
      policy?.checks[check as keyof typeof policy.checks]?.weight ?? 0;
    const passing = Object.keys(checks)
      .filter(check => checks[check] === 'pass')
      .sort(
        (a, b) =>
          hash(`${snapshot.entity_ref}|${a}`) -
          hash(`${snapshot.entity_ref}|${b}`),
      );
    // Days ago each passing check was fixed: the first always within the window.
    const fixedDaysAgo = new Map<string, number>();
    passing.forEach((check, i) => {
      const h = hash(`${snapshot.entity_ref}|${check}|fixed`);
      if (i === 0 || h % 2 === 0) {
        fixedDaysAgo.set(check, 1 + (h % days));
      }
    });
    const scoreOf = (statuses: Record<string, CheckStatus>) => {
      const total = Object.keys(statuses).reduce((s, c) => s + weight(c), 0);
      const passed = Object.keys(statuses)
        .filter(c => PASSED.has(statuses[c]))
        .reduce((s, c) => s + weight(c), 0);
      return total > 0 ? (100 * passed) / total : null;
    };
    const formulaToday = scoreOf(checks);
    for (let daysAgo = days; daysAgo >= 1; daysAgo--) {
      const statuses: Record<string, CheckStatus> = { ...checks };
      for (const [check, fixed] of fixedDaysAgo) {
        if (daysAgo >= fixed) statuses[check] = 'fail';
      }
      const formula = scoreOf(statuses);
      const score =
        formula === null || formulaToday === null
          ? Number(snapshot.score)
          : Math.round(
              Math.min(
                100,
                Math.max(0, formula + Number(snapshot.score) - formulaToday),
              ),
            );
      rows.push({
        entity_ref: snapshot.entity_ref,
        day: addDays(today, -daysAgo),
        grade: gradeForScore(score),
        score,
        checks: JSON.stringify(statuses),
        owner_ref: snapshot.owner_ref,
        system_ref: snapshot.system_ref,
        domain_ref: snapshot.domain_ref,
      });
    }
  }
  return rows;
}
