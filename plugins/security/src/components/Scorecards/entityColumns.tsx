import { Link } from '@backstage/core-components';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  checkLabel,
  type ScorecardEntity,
} from '@posture/backstage-plugin-security-common';
import { NONE } from '../shared/none';

/** Pieces the entity table and its phone cards share. */

/** The entity's title, linking to its Security tab. */
export function EntitySecurityLink(props: { entity: ScorecardEntity }) {
  const entityLink = useEntityRefLink();
  return (
    <Link
      to={`${entityLink(props.entity.entityRef)}/security`}
      aria-label={`${props.entity.title}: open its Security tab`}
    >
      {props.entity.title}
    </Link>
  );
}

export function FailingChecks(props: { entity: ScorecardEntity }) {
  const { failingChecks } = props.entity;
  if (failingChecks.length === 0) {
    return <>None</>;
  }
  return <>{failingChecks.map(checkLabel).join(', ')}</>;
}

export function Owner(props: { entity: ScorecardEntity }) {
  if (!props.entity.owner) {
    return <>{NONE}</>;
  }
  return (
    <EntityRefLink
      entityRef={props.entity.owner}
      defaultKind="group"
      hideIcon
    />
  );
}

const GRADE_ORDER = ['A', 'B', 'C', 'D', 'F'];

/** Worst grade first; ungraded after F. */
export function byGrade(a: ScorecardEntity, b: ScorecardEntity): number {
  const rank = (entity: ScorecardEntity) =>
    entity.grade === null
      ? GRADE_ORDER.length
      : GRADE_ORDER.indexOf(entity.grade);
  return rank(a) - rank(b);
}
