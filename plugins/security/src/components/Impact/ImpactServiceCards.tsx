import Typography from '@material-ui/core/Typography';
import type { ImpactItem } from '@posture/backstage-plugin-security-common';
import { NONE } from '../shared/none';
import { EntityRefName } from '../shared/EntityRefName';
import { useTableStyles } from '../shared/tableStyles';
import {
  MatchFix,
  MatchPackage,
  MatchSource,
  MatchVulnerability,
} from './ImpactMatchFacts';
import { ImpactServiceLink } from './ImpactServiceLink';

/** One owner's affected services as stacked cards, for screens too narrow for the table. */
export function ImpactServiceCards(props: {
  services: ImpactItem[];
  label: string;
}) {
  const classes = useTableStyles();
  return (
    <ul className={classes.cards} aria-label={props.label}>
      {props.services.map(service => (
        <li key={service.entityRef} className={classes.card}>
          <Typography variant="body1" component="p">
            <ImpactServiceLink service={service} />
          </Typography>
          <dl className={classes.facts}>
            <dt>System</dt>
            <dd>
              {service.system ? (
                <EntityRefName entityRef={service.system} kind="system" />
              ) : (
                NONE
              )}
            </dd>
            <dt>Lifecycle</dt>
            <dd className={classes.nowrap}>{service.lifecycle ?? NONE}</dd>
          </dl>
          {service.matches.map((match, index) => (
            <dl key={index} className={classes.facts}>
              <dt>Package</dt>
              <dd>
                <MatchPackage match={match} />
              </dd>
              <dt>Installed</dt>
              <dd>{match.installedVersion ?? NONE}</dd>
              <dt>Fixed in</dt>
              <dd>
                <MatchFix match={match} />
              </dd>
              <dt>Source</dt>
              <dd>
                <MatchSource match={match} />
              </dd>
              <dt>Vulnerability</dt>
              <dd>
                <MatchVulnerability match={match} />
              </dd>
            </dl>
          ))}
        </li>
      ))}
    </ul>
  );
}
