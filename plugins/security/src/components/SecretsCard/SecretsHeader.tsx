import Typography from '@material-ui/core/Typography';
import type { SecretsSummary } from '@posture/backstage-plugin-security-common';
import { RelativeTime } from '../shared/RelativeTime';

/**
 * "6 secrets · 1 overdue · 2 due soon · oldest current value 412 days · checked 3 days ago".
 * "Current value" because a deleted secret has none: its age counts neither here nor on its row.
 */
export function SecretsHeader(props: { summary: SecretsSummary }) {
  const { total, overdue, dueSoon, oldestAgeDays, checkedAt } = props.summary;
  return (
    <Typography variant="body2" component="div" data-testid="secrets-summary">
      <strong>
        {total} {total === 1 ? 'secret' : 'secrets'}
      </strong>
      {' · '}
      <Typography
        variant="inherit"
        color={overdue > 0 ? 'error' : 'inherit'}
        component="span"
      >
        {overdue} overdue
      </Typography>
      {` · ${dueSoon} due soon`}
      {oldestAgeDays !== null &&
        ` · oldest current value ${oldestAgeDays} ${
          oldestAgeDays === 1 ? 'day' : 'days'
        }`}
      {checkedAt && (
        <>
          {' · checked '}
          <RelativeTime value={checkedAt} />
        </>
      )}
    </Typography>
  );
}
