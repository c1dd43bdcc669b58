import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { CampaignEntity } from '@posture/backstage-plugin-security-common';
import { ImpactServiceLink } from '../Impact/ImpactServiceLink';
import { FormattedDate } from '../shared/FormattedDate';
import { shortRef } from '../shared/shortRef';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    overflowWrap: 'anywhere',
    '&:last-child': { borderBottom: 0 },
  },
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
            {[
              entity.system ? shortRef(entity.system, 'system') : null,
              entity.lifecycle,
            ]
              .filter(Boolean)
              .join(' · ')}
            {entity.system || entity.lifecycle ? ' · ' : ''}
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
