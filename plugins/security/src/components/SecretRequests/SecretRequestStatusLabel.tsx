import type { SecretRequestStatus } from '@posture/backstage-plugin-security-common';
import { StatusLabel } from '../shared/StatusLabel';
import { STATUS_LABELS } from './secretRequestLabels';

type Tone = Parameters<typeof StatusLabel>[0]['status'];

const TONES: Record<SecretRequestStatus, Tone> = {
  pending: 'pending',
  approved: 'pending',
  provisioned: 'ok',
  failed: 'error',
  rejected: 'error',
  expired: 'aborted',
};

/** A request's status in words (read out too) with Backstage's status icon and colour. */
export function SecretRequestStatusLabel(props: {
  status: SecretRequestStatus;
}) {
  return (
    <span data-testid="secret-request-status">
      <StatusLabel status={TONES[props.status] ?? 'pending'}>
        {STATUS_LABELS[props.status] ?? props.status}
      </StatusLabel>
    </span>
  );
}
