import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';

const STATUSES = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
  aborted: StatusAborted,
};

/**
 * Backstage's status icon and colour with the status in words that screen readers read too.
 * core-components' Status* mark their whole span aria-hidden, words included, with an
 * aria-label ("Status ok") that is not read out either, so the status would rest on the
 * icon's colour; both are unset here (the icon itself stays hidden, as MUI icons are).
 */
export function StatusLabel(props: {
  status: keyof typeof STATUSES;
  children: string;
}) {
  const Status = STATUSES[props.status];
  return (
    <Status aria-hidden={undefined} aria-label={undefined}>
      {props.children}
    </Status>
  );
}
