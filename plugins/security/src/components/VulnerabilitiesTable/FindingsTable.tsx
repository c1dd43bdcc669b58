import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';
import { useNarrowScreen } from '../shared/useNarrowScreen';
import { useTableStyles } from '../shared/tableStyles';
import { FindingCards } from './FindingCards';
import { FindingRow } from './FindingRow';

const COLUMNS: Array<{ label: string; numeric?: boolean; expansion?: string }> =
  [
    { label: 'Finding' },
    { label: 'Severity' },
    { label: 'Package' },
    { label: 'Installed' },
    { label: 'Fixed in' },
    { label: 'Status' },
    { label: 'CVSS', numeric: true },
    {
      label: 'EPSS',
      expansion:
        'Exploit Prediction Scoring System: the probability of exploitation in the next 30 days',
    },
    { label: 'Target' },
    { label: 'Published' },
  ];

/** The rows of one page of findings; stacked cards on a phone. */
export function FindingsTable(props: { findings: VulnerabilityItem[] }) {
  const classes = useTableStyles();
  const narrow = useNarrowScreen();
  if (narrow) {
    return <FindingCards findings={props.findings} />;
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="Vulnerability findings">
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => (
              <TableCell
                key={column.label}
                align={column.numeric ? 'right' : 'left'}
                className={classes.head}
              >
                {column.expansion ? (
                  <abbr title={column.expansion}>{column.label}</abbr>
                ) : (
                  column.label
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.findings.map((finding, index) => (
            // The same advisory can hit several packages and targets; the index keeps keys
            // unique whatever the backend sends.
            <FindingRow
              key={`${finding.id}|${finding.packageName}|${finding.target}|${index}`}
              finding={finding}
            />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
