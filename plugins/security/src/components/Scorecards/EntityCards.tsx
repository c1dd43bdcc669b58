import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ScorecardEntity } from '@posture/backstage-plugin-security-common';
import { NONE } from '../shared/none';
import { useTableStyles } from '../shared/tableStyles';
import { EntitySecurityLink, FailingChecks, Owner } from './entityColumns';
import { exploitCount } from './exploitColumns';
import { GradeChip } from './GradeChip';

/** The entities as stacked cards, for phones, in the API's order (worst first). */
export function EntityCards(props: {
  title: string;
  subtitle: string;
  entities: ScorecardEntity[];
}) {
  const classes = useTableStyles();
  return (
    <div data-testid="scorecard-entities">
      <Typography variant="h5" component="h2">
        {props.title}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {props.subtitle}
      </Typography>
      <ul className={classes.cards} aria-label={props.title}>
        {props.entities.map(entity => (
          <li key={entity.entityRef} className={classes.card}>
            <Box display="flex" alignItems="center" gridGap={8}>
              <GradeChip grade={entity.grade} />
              <EntitySecurityLink entity={entity} />
            </Box>
            <dl className={classes.facts}>
              <dt>Score</dt>
              <dd>{entity.score ?? NONE}</dd>
              <dt>Known exploited</dt>
              <dd>{exploitCount(entity.kev)}</dd>
              <dt>High EPSS</dt>
              <dd>{exploitCount(entity.highEpss)}</dd>
              <dt>Failing</dt>
              <dd>
                <FailingChecks entity={entity} />
              </dd>
              <dt>Exemptions</dt>
              <dd>{entity.exemptions}</dd>
              <dt>Owner</dt>
              <dd>
                <Owner entity={entity} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
