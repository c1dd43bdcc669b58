import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { SbomComponentItem } from '@posture/backstage-plugin-security-common';
import { useNarrowScreen } from '../shared/useNarrowScreen';
import { useTableStyles } from '../shared/tableStyles';
import { ComponentCards } from './ComponentCards';
import { ComponentRow } from './ComponentRow';

const COLUMNS = ['Name', 'Version', 'Type', 'Licences', 'purl'];

/** The rows of one page of SBOM components; stacked cards on a phone. */
export function ComponentsTable(props: { components: SbomComponentItem[] }) {
  const classes = useTableStyles();
  const narrow = useNarrowScreen();
  if (narrow) {
    return <ComponentCards components={props.components} />;
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="SBOM components">
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => (
              <TableCell key={column} className={classes.head}>
                {column}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.components.map((component, index) => (
            <ComponentRow
              key={`${component.purl ?? component.name}|${
                component.version
              }|${index}`}
              component={component}
            />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
