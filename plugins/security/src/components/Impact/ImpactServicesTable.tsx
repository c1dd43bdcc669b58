import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type {
  ImpactItem,
  ImpactMatch,
} from '@posture/backstage-plugin-security-common';
import { Fragment } from 'react';
import { NONE } from '../shared/none';
import { EntityRefName } from '../shared/EntityRefName';
import { useTableStyles } from '../shared/tableStyles';
import { useNarrowScreen } from '../shared/useNarrowScreen';
import { ImpactServiceCards } from './ImpactServiceCards';
import {
  MatchFix,
  MatchPackage,
  MatchSource,
  MatchVulnerability,
} from './ImpactMatchFacts';
import { ImpactServiceLink } from './ImpactServiceLink';

// Names wrap at their hyphens ("event-ingest"), never mid-word.
const useStyles = makeStyles(theme => ({
  service: { minWidth: theme.spacing(16), overflowWrap: 'normal' },
}));

const COLUMNS = [
  'Service',
  'System',
  'Lifecycle',
  'Package',
  'Installed',
  'Fixed in',
  'Source',
  'Vulnerability',
];

function MatchCells(props: { match?: ImpactMatch }) {
  const { match } = props;
  const classes = useTableStyles();
  if (!match) {
    return <TableCell colSpan={5}>{NONE}</TableCell>;
  }
  return (
    <>
      <TableCell className={classes.reference}>
        <MatchPackage match={match} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        {match.installedVersion ?? NONE}
      </TableCell>
      <TableCell className={classes.nowrap}>
        <MatchFix match={match} />
      </TableCell>
      <TableCell className={classes.reference}>
        <MatchSource match={match} />
      </TableCell>
      <TableCell>
        <MatchVulnerability match={match} />
      </TableCell>
    </>
  );
}

/**
 * One owner's affected services: a row per match, the service's own cells spanning its
 * matches. Stacked cards on a phone.
 */
export function ImpactServicesTable(props: {
  services: ImpactItem[];
  /** e.g. "Services of Team Payments". */
  label: string;
}) {
  const classes = useStyles();
  const cells = useTableStyles();
  const narrow = useNarrowScreen();
  if (narrow) {
    return <ImpactServiceCards services={props.services} label={props.label} />;
  }
  return (
    <TableContainer>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => (
              <TableCell key={column} className={cells.head}>
                {column}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.services.map(service => {
            const rows = Math.max(service.matches.length, 1);
            const [first, ...rest] = service.matches;
            return (
              <Fragment key={service.entityRef}>
                <TableRow>
                  <TableCell
                    rowSpan={rows}
                    component="th"
                    scope="row"
                    // MUI calls any cell it is given a component for a plain cell.
                    role="rowheader"
                    className={classes.service}
                  >
                    <ImpactServiceLink service={service} />
                  </TableCell>
                  <TableCell rowSpan={rows} className={classes.service}>
                    {service.system ? (
                      <EntityRefName entityRef={service.system} kind="system" />
                    ) : (
                      NONE
                    )}
                  </TableCell>
                  <TableCell rowSpan={rows} className={cells.nowrap}>
                    {service.lifecycle ?? NONE}
                  </TableCell>
                  <MatchCells match={first} />
                </TableRow>
                {rest.map((match, index) => (
                  <TableRow key={index}>
                    <MatchCells match={match} />
                  </TableRow>
                ))}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
