import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ScorecardGroup } from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { formatCount } from '../shared/formatCount';
import { NativeSelectField } from '../shared/NativeSelectField';
import { NONE } from '../shared/none';
import { useTableStyles } from '../shared/tableStyles';
import { useUniqueId } from '../shared/useUniqueId';
import { bucketLabel, GRADE_BUCKETS } from '../TrendChart';
import { exploitCount } from './exploitColumns';
import { SearchLink } from './SearchLink';
import { GROUP_SORT_LABELS, sortGroups, type GroupSort } from './sortGroups';

/** The groups as stacked cards, for phones, with the sort as a select. */
export function GroupCards(props: {
  title: string;
  groups: ScorecardGroup[];
  drillSearch: (ref: string) => string;
}) {
  const classes = useTableStyles();
  const id = useUniqueId('scorecard-groups-sort');
  const [sort, setSort] = useState<GroupSort>('score');
  return (
    <div data-testid="scorecard-groups">
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        gridGap={8}
        mb={1}
      >
        <Typography variant="h5" component="h2">
          {props.title}
        </Typography>
        <NativeSelectField<GroupSort>
          id={id}
          label="Sort by"
          value={sort}
          options={
            Object.entries(GROUP_SORT_LABELS) as Array<[GroupSort, string]>
          }
          onChange={setSort}
        />
      </Box>
      <ul className={classes.cards} aria-label={props.title}>
        {sortGroups(props.groups, sort).map(group => (
          <li key={group.ref} className={classes.card}>
            <SearchLink
              search={props.drillSearch(group.ref)}
              variant="subtitle1"
            >
              {group.title}
            </SearchLink>
            <dl className={classes.facts}>
              <dt>Entities</dt>
              <dd>{formatCount(group.entities)}</dd>
              <dt>Mean score</dt>
              <dd>{group.score === null ? NONE : Math.round(group.score)}</dd>
              <dt>Known exploited</dt>
              <dd>{exploitCount(group.kev)}</dd>
              <dt>High EPSS</dt>
              <dd>{exploitCount(group.highEpss)}</dd>
              <dt>Grades</dt>
              <dd>
                {GRADE_BUCKETS.filter(bucket => group.grades[bucket] > 0)
                  .map(
                    bucket =>
                      `${bucketLabel(bucket)} ${formatCount(
                        group.grades[bucket],
                      )}`,
                  )
                  .join(' · ') || NONE}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
