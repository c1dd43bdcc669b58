import { InfoCard, Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { useReloadable } from '../shared/useReloadable';
import {
  EntityHistoryTable,
  entityTrendSummary,
  TrendChart,
} from '../TrendChart';

/** How far back the Security tab's trend reaches. */
export const TREND_DAYS = 90;

/**
 * The entity's grade and score over the last 90 days, from the daily snapshots. The score
 * line runs over the grade bands, so a dip reads as "fell to C" at a glance.
 */
export function EntityTrendCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const history = useReloadable(
    api => api.getHistory(entityRef, TREND_DAYS),
    [entityRef],
  );
  const items = history.value?.items ?? [];

  let content;
  if (history.loading && !history.value) {
    content = <Progress />;
  } else if (history.error) {
    content = (
      <PostureErrorPanel
        error={history.error}
        onRetry={history.reload}
        subject="the history"
      />
    );
  } else if (items.length === 0) {
    content = (
      <>
        <Typography variant="subtitle1" component="p">
          History starts with the first daily regrade
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Posture records every entity's grade once a day. The first point
          appears after the next daily regrade; come back tomorrow to see the
          trend begin.
        </Typography>
      </>
    );
  } else {
    const summary = entityTrendSummary(items);
    content = (
      <>
        <TrendChart points={items} view="score" gradeBands />
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ marginTop: 8 }}
        >
          {summary}
        </Typography>
        <EntityHistoryTable
          items={items}
          caption={`Grade and score per day, last ${TREND_DAYS} days`}
        />
      </>
    );
  }

  return (
    <InfoCard
      title={`Last ${TREND_DAYS} days`}
      subheader="Grade and score per day"
    >
      <div data-testid="security-history-trend">{content}</div>
    </InfoCard>
  );
}
