import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment, type ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  facts: {
    ...theme.typography.body2,
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
}));

/** Label and value pairs; an absent value leaves its row out. */
export function RequestFacts(props: {
  facts: ReadonlyArray<readonly [string, ReactNode]>;
}) {
  const classes = useStyles();
  return (
    <dl className={classes.facts}>
      {props.facts
        .filter(([, value]) => value !== null && value !== undefined)
        .map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
    </dl>
  );
}

/** The service, linking to its catalog page. */
export function ServiceLink(props: { entityRef: string }) {
  return (
    <EntityRefLink
      entityRef={props.entityRef}
      defaultKind="component"
      hideIcon
    />
  );
}
