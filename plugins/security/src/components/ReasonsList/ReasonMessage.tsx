import Link from '@material-ui/core/Link';
import type { PostureReason } from '@posture/backstage-plugin-security-common';
import { useReasonActions } from './ReasonActions';

const DESTINATIONS: Record<NonNullable<PostureReason['target']>, string> = {
  findings: 'show these findings',
  secrets: 'show the secrets',
  signature: 'show the signature and signing steps',
};

/**
 * The reason's message, as a button that leads to its fix when it has one: a native button,
 * so Enter and Space work and screen readers say where it goes.
 */
export function ReasonMessage(props: { reason: PostureReason }) {
  const { reason } = props;
  const actions = useReasonActions();
  if (!actions || !reason.target) {
    return <>{reason.message}</>;
  }
  return (
    <Link
      component="button"
      variant="body2"
      align="left"
      underline="always"
      data-check={reason.check}
      title={DESTINATIONS[reason.target]}
      onClick={() => actions.open(reason)}
    >
      {reason.message}
    </Link>
  );
}
