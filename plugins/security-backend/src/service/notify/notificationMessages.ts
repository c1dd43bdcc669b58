import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  checkLabel,
  GRADE_BANDS,
  type Grade,
} from '@posture/backstage-plugin-security-common';
import type {
  ExpiringExemption,
  GradeDrop,
} from '../../database/DatabaseNotificationStore';

type NotificationPayload = NotificationSendOptions['payload'];

export const GRADE_DROP_TOPIC = 'posture-grade-drop';
export const EXEMPTION_EXPIRY_TOPIC = 'posture-exemption-expiring';

/** A long list names this many entities and counts the rest, so a notification stays readable. */
const MAX_NAMED = 20;

/** A grade's position from best (A, 0) to worst (F). */
function rank(grade: Grade): number {
  return GRADE_BANDS.findIndex(([band]) => band === grade);
}

function entityName(entityRef: string, title: string | null): string {
  if (title) {
    return title;
  }
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/** The entity's Security tab in the catalog. */
export function securityTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/security`;
}

/**
 * One owner's grade drops of one day as one notification. Only titles, refs and grades: no
 * finding, secret path or value ever goes into a notification.
 */
export function gradeDropPayload(
  ownerRef: string,
  day: string,
  drops: readonly GradeDrop[],
): NotificationPayload {
  const worstFirst = [...drops].sort(
    (a, b) =>
      rank(b.to) - rank(a.to) ||
      entityName(a.entityRef, a.title).localeCompare(
        entityName(b.entityRef, b.title),
      ),
  );
  const named = worstFirst
    .slice(0, MAX_NAMED)
    .map(d => `${entityName(d.entityRef, d.title)}: ${d.from} -> ${d.to}`);
  const rest = worstFirst.length - named.length;
  const count = drops.length;
  return {
    title: `${count} ${count === 1 ? 'service' : 'services'} dropped a grade`,
    description: `${named.join('; ')}${
      rest > 0 ? `; and ${rest} more` : ''
    }. Open the scorecard to see which checks fail and how to fix them.`,
    link: `/security?group=${encodeURIComponent(ownerRef)}`,
    severity: 'normal',
    topic: GRADE_DROP_TOPIC,
    // Same scope and origin replace rather than duplicate, should a send be retried.
    scope: `${GRADE_DROP_TOPIC}:${ownerRef}:${day}`,
  };
}

/** The notice that an approved exemption ends soon; never its justification. */
export function exemptionExpiryPayload(
  exemption: ExpiringExemption,
): NotificationPayload {
  const name = entityName(exemption.entityRef, exemption.title);
  const what = exemption.findingId
    ? `${exemption.findingId} (${checkLabel(exemption.check)})`
    : `the ${checkLabel(exemption.check)} check`;
  const date = exemption.expiresAt.slice(0, 10);
  return {
    title: `Exemption for ${name} expires on ${date}`,
    description: `The exemption of ${what} for ${exemption.entityRef} expires at ${exemption.expiresAt}. After that the check counts again in the grade and, if it is a gate check, fails the CI gate: fix it or ask for a new exemption.`,
    link: securityTabLink(exemption.entityRef),
    severity: 'normal',
    topic: EXEMPTION_EXPIRY_TOPIC,
    scope: `${EXEMPTION_EXPIRY_TOPIC}:${exemption.id}`,
  };
}
