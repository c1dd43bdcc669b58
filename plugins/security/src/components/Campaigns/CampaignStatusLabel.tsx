import type { Campaign } from '@posture/backstage-plugin-security-common';
import { StatusLabel } from '../shared/StatusLabel';

/** Active (followed, owners reminded) or closed, in words beside Backstage's status icon. */
export function CampaignStatusLabel(props: { status: Campaign['status'] }) {
  return props.status === 'active' ? (
    <StatusLabel status="pending">Active</StatusLabel>
  ) : (
    <StatusLabel status="aborted">Closed</StatusLabel>
  );
}
