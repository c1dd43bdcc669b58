import { Table, type TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { ScorecardEntity } from '@posture/backstage-plugin-security-common';
import { formatCount } from '../shared/formatCount';
import { NONE } from '../shared/none';
import { useNarrowScreen } from '../shared/useNarrowScreen';
import {
  byGrade,
  EntitySecurityLink,
  FailingChecks,
  Owner,
} from './entityColumns';
import { EntityCards } from './EntityCards';
import { exploitColumns } from './exploitColumns';
import { GradeChip } from './GradeChip';
import {
  SCORECARD_TABLE_OPTIONS,
  tableRows,
  type TableRow,
} from './scorecardTable';

const TITLE = 'Entities, worst first';

type EntityRow = TableRow<ScorecardEntity>;

/** "100 of 2,345 entities" when the API's list is capped, so nobody takes it for all. */
export function shownOf(shown: number, total: number): string {
  if (shown >= total) {
    return `${formatCount(total)} ${total === 1 ? 'entity' : 'entities'}`;
  }
  return `The worst ${formatCount(shown)} of ${formatCount(
    total,
  )} entities; the CSV export has them all`;
}

/** The selection's entities as the API ranks them, each linking to its Security tab. */
export function WorstEntitiesTable(props: {
  entities: ScorecardEntity[];
  totalEntities: number;
}) {
  const narrow = useNarrowScreen();
  const subtitle = shownOf(props.entities.length, props.totalEntities);
  if (narrow) {
    return (
      <EntityCards
        title={TITLE}
        subtitle={subtitle}
        entities={props.entities}
      />
    );
  }
  const columns: TableColumn<EntityRow>[] = [
    {
      title: 'Entity',
      field: 'title',
      highlight: true,
      render: entity => (
        <>
          <EntitySecurityLink entity={entity} />
          <Typography variant="caption" color="textSecondary" display="block">
            {[entity.kind, entity.lifecycle].filter(Boolean).join(' · ')}
          </Typography>
        </>
      ),
    },
    {
      title: 'Grade',
      field: 'grade',
      customSort: byGrade,
      render: entity => <GradeChip grade={entity.grade} />,
    },
    {
      title: 'Score',
      field: 'score',
      type: 'numeric',
      render: entity => (entity.score === null ? NONE : entity.score),
    },
    ...exploitColumns<EntityRow>(),
    {
      title: 'Failing checks',
      sorting: false,
      render: entity => <FailingChecks entity={entity} />,
    },
    { title: 'Exemptions', field: 'exemptions', type: 'numeric' },
    {
      title: 'Owner',
      field: 'owner',
      render: entity => <Owner entity={entity} />,
    },
  ];
  return (
    <div data-testid="scorecard-entities">
      <Table<EntityRow>
        title={TITLE}
        subtitle={subtitle}
        columns={columns}
        data={tableRows(props.entities, entity => entity.entityRef)}
        options={SCORECARD_TABLE_OPTIONS}
        emptyContent={
          <Typography variant="body2" style={{ padding: 16 }}>
            No entity in this selection.
          </Typography>
        }
      />
    </div>
  );
}
