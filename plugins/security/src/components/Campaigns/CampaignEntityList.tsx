import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { CampaignEntity } from '@posture/backstage-plugin-security-common';
import { ImpactServiceLink } from '../Impact/ImpactServiceLink';
import { EntityRefName } from '../shared/EntityRefName';
import { FormattedDate } from '../shared/FormattedDate';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    overflowWrap: 'anywhere',
    '&:last-child': { borderBottom: 0 },
  },
  // The item breaks anywhere for long refs; a lifecycle is one short word, kept whole.
  nowrap: { whiteSpace: 'nowrap' },
}));

/**
 * A campaign's services, one a line: the service (to its Security tab), its system and
 * lifecycle, and since when it matched or when it stopped. One column, so a phone needs no
 * cards.
 */
export function CampaignEntityList(props: {
  entities: CampaignEntity[];
  label: string;
}) {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label={props.label}>
      {props.entities.map(entity => (
        <li key={entity.entityRef} className={classes.item}>
          <ImpactServiceLink service={entity} />
          <Typography variant="body2" color="textSecondary" component="div">
            {entity.system && (
              <>
                <EntityRefName entityRef={entity.system} kind="system" />
                {' · '}
              </>
            )}
            {entity.lifecycle && (
              <>
                <span className={classes.nowrap}>{entity.lifecycle}</span>
                {' · '}
              </>
            )}
            {entity.resolvedAt ? (
              <>
                fixed <FormattedDate value={entity.resolvedAt} />
              </>
            ) : (
              <>
                affected since <FormattedDate value={entity.firstSeenAt} />
              </>
            )}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
