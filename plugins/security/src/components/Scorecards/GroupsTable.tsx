import { Table, type TableColumn } from '@backstage/core-components';
import type { ScorecardGroup } from '@posture/backstage-plugin-security-common';
import { formatCount } from '../shared/formatCount';
import { NONE } from '../shared/none';
import { useNarrowScreen } from '../shared/useNarrowScreen';
import { bucketHeading, GRADE_BUCKETS } from '../TrendChart';
import { exploitColumns } from './exploitColumns';
import { GroupCards } from './GroupCards';
import {
  SCORECARD_TABLE_OPTIONS,
  tableRows,
  type TableRow,
} from './scorecardTable';
import { SearchLink } from './SearchLink';
import { byScore } from './sortGroups';

type GroupRow = TableRow<ScorecardGroup>;

function meanScore(group: ScorecardGroup): string {
  return group.score === null ? NONE : String(Math.round(group.score));
}

/**
 * The child groups of the selection (or the top-level ones), each a link one level down.
 * Sortable by any column; worst mean score first to start with.
 */
export function GroupsTable(props: {
  title: string;
  groups: ScorecardGroup[];
  /** The search of this page drilled into the group. */
  drillSearch: (ref: string) => string;
}) {
  const { title, groups, drillSearch } = props;
  const narrow = useNarrowScreen();
  if (narrow) {
    return (
      <GroupCards title={title} groups={groups} drillSearch={drillSearch} />
    );
  }
  const columns: TableColumn<GroupRow>[] = [
    {
      title: 'Name',
      field: 'title',
      highlight: true,
      render: group => (
        <SearchLink
          search={drillSearch(group.ref)}
          aria-label={`${group.title}: show its scorecard`}
        >
          {group.title}
        </SearchLink>
      ),
    },
    { title: 'Entities', field: 'entities', type: 'numeric' },
    {
      title: 'Mean score',
      field: 'score',
      type: 'numeric',
      defaultSort: 'asc',
      customSort: byScore,
      render: meanScore,
    },
    ...GRADE_BUCKETS.map(
      (bucket): TableColumn<GroupRow> => ({
        title: bucketHeading(bucket),
        type: 'numeric',
        customSort: (a, b) => a.grades[bucket] - b.grades[bucket],
        render: group => formatCount(group.grades[bucket]),
      }),
    ),
    ...exploitColumns<GroupRow>(),
  ];
  return (
    <div data-testid="scorecard-groups">
      <Table<GroupRow>
        title={title}
        columns={columns}
        data={tableRows(groups, group => group.ref)}
        options={SCORECARD_TABLE_OPTIONS}
      />
    </div>
  );
}
