import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { SbomComponentItem } from '@posture/backstage-plugin-security-common';
import { useTableStyles } from '../shared/tableStyles';
import { NONE } from './ComponentRow';

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
          <dl className={classes.facts}>
            <dt>Type</dt>
            <dd>{component.type ?? NONE}</dd>
            <dt>Licences</dt>
            <dd>
              {component.licenses.length === 0
                ? NONE
                : component.licenses.map(license => (
                    <Chip
                      key={license}
                      size="small"
                      variant="outlined"
                      label={license}
                      style={{ maxWidth: '100%' }}
                    />
                  ))}
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
