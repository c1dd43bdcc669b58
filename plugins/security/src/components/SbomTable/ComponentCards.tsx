import Typography from '@material-ui/core/Typography';
import type { SbomComponentItem } from '@posture/backstage-plugin-security-common';
import { useTableStyles } from '../shared/tableStyles';
import { NONE } from '../shared/none';
import { componentImpactQuery } from '../Impact/whoElseQueries';
import { WhoElseLink } from '../Impact/WhoElseLink';
import { LicenseChips } from './LicenseChips';

/** The components of one page as stacked cards, for screens too narrow for the columns. */
export function ComponentCards(props: { components: SbomComponentItem[] }) {
  const classes = useTableStyles();
  return (
    <ul className={classes.cards} aria-label="SBOM components">
      {props.components.map((component, index) => (
        <li
          key={`${component.purl ?? component.name}|${
            component.version
          }|${index}`}
          className={classes.card}
        >
          <Typography variant="body1" component="p">
            <strong>{component.name}</strong> {component.version ?? ''}
          </Typography>
          <WhoElseLink
            query={componentImpactQuery(component)}
            subject={component.name}
          />
          <dl className={classes.facts}>
            <dt>Type</dt>
            <dd>{component.type ?? NONE}</dd>
            <dt>Licences</dt>
            <dd>
              <LicenseChips licenses={component.licenses} />
            </dd>
            <dt>purl</dt>
            <dd>
              <code>{component.purl ?? NONE}</code>
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
