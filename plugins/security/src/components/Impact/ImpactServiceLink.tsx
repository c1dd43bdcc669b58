import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type { ImpactItem } from '@posture/backstage-plugin-security-common';

/**
 * The service's title, linking to its Security tab. The link reads only the title, so a list
 * of them reads as a list of services.
 */
export function ImpactServiceLink(props: {
  service: Pick<ImpactItem, 'entityRef' | 'title'>;
}) {
  const entityLink = useEntityRefLink();
  return (
    <Link to={`${entityLink(props.service.entityRef)}/security`}>
      {props.service.title}
    </Link>
  );
}
