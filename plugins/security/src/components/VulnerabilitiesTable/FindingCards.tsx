import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';
import { FormattedDate } from '../shared/FormattedDate';
import { useTableStyles } from '../shared/tableStyles';
import { SeverityChip } from '../VulnerabilitiesCard/SeverityChip';
import { FindingLink } from './FindingLink';
import { NONE } from '../shared/none';
import { FixedIn } from './FindingRow';
import { statusLabel } from './statusLabels';

/** The findings of one page as stacked cards, for screens too narrow for nine columns. */
export function FindingCards(props: { findings: VulnerabilityItem[] }) {
  const classes = useTableStyles();
  return (
    <ul className={classes.cards} aria-label="Vulnerability findings">
      {props.findings.map((finding, index) => (
        <li
          key={`${finding.id}|${finding.packageName}|${finding.target}|${index}`}
          className={classes.card}
        >
          <Box display="flex" alignItems="center" gridGap={8}>
            <SeverityChip severity={finding.severity} />
            <FindingLink finding={finding} />
          </Box>
          {finding.title && (
            <Typography variant="body2">{finding.title}</Typography>
          )}
          <dl className={classes.facts}>
            <dt>Package</dt>
            <dd>{finding.packageName}</dd>
            <dt>Installed</dt>
            <dd>{finding.installedVersion ?? NONE}</dd>
            <dt>Fixed in</dt>
            <dd>
              <FixedIn finding={finding} />
            </dd>
            <dt>Status</dt>
            <dd>{finding.status ? statusLabel(finding.status) : NONE}</dd>
            <dt>CVSS</dt>
            <dd>
              {finding.cvssScore === null ? NONE : finding.cvssScore.toFixed(1)}
            </dd>
            <dt>Target</dt>
            <dd>{finding.target ?? NONE}</dd>
            <dt>Published</dt>
            <dd>
              <FormattedDate value={finding.publishedAt} />
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
