import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';
import { FormattedDate } from '../shared/FormattedDate';
import { useTableStyles } from '../shared/tableStyles';
import { SeverityChip } from '../VulnerabilitiesCard/SeverityChip';
import { EpssValue } from '../Exploitability/EpssValue';
import { KevChip } from '../Exploitability/KevChip';
import { NONE } from '../shared/none';
import { findingImpactQuery } from '../Impact/whoElseQueries';
import { WhoElseLink } from '../Impact/WhoElseLink';
import { FindingLink } from './FindingLink';
import { FindingStatus, FixedIn } from './FindingRow';

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
          {finding.kev && (
            <Box mt={0.5}>
              <KevChip kev={finding.kev} />
            </Box>
          )}
          {finding.title && (
            <Typography variant="body2">{finding.title}</Typography>
          )}
          <WhoElseLink
            query={findingImpactQuery(finding)}
            subject={finding.id}
          />
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
            <dd>
              <FindingStatus finding={finding} />
            </dd>
            <dt>CVSS</dt>
            <dd>
              {finding.cvssScore === null ? NONE : finding.cvssScore.toFixed(1)}
            </dd>
            <dt>EPSS</dt>
            <dd>
              <EpssValue epss={finding.epss} />
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
