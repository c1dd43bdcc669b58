import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { ImpactMatch } from '@posture/backstage-plugin-security-common';
import { BreakableText } from '../shared/BreakableText';
import { NONE } from '../shared/none';
import { SeverityChip } from '../VulnerabilitiesCard/SeverityChip';

/** Pieces the impact table and its phone cards share: one match's facts. */

const SOURCE_LABELS: Record<ImpactMatch['source'], string> = {
  sbom: 'SBOM',
  finding: 'Scan finding',
  image: 'Image',
};

/** The package, its purl on hover (purls run long). */
export function MatchPackage(props: { match: ImpactMatch }) {
  const { match } = props;
  return (
    <span title={match.purl ?? undefined}>
      <BreakableText package text={match.packageName} />
    </span>
  );
}

/** The fixed version, or whether a fix exists at all, in words: "No fix" is the fact sought. */
export function MatchFix(props: { match: ImpactMatch }) {
  const { match } = props;
  if (match.fixedVersion) {
    return <>{match.fixedVersion}</>;
  }
  return (
    <Typography variant="body2" color="textSecondary" component="span">
      {match.fixAvailable ? 'Fix available' : 'No fix'}
    </Typography>
  );
}

/** Where the match comes from (an SBOM, a scan), and the image of that report. */
export function MatchSource(props: { match: ImpactMatch }) {
  const { match } = props;
  return (
    <>
      {SOURCE_LABELS[match.source]}
      {match.artifact && (
        <Typography variant="caption" color="textSecondary" display="block">
          <BreakableText text={match.artifact} />
        </Typography>
      )}
    </>
  );
}

/**
 * The advisory with its severity, and "Not affected (VEX)" when a VEX statement clears it for
 * the service's image: still listed, since the reader asked where it runs, but marked.
 */
export function MatchVulnerability(props: { match: ImpactMatch }) {
  const { match } = props;
  if (!match.id) {
    return <>{NONE}</>;
  }
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={4}>
      <span>{match.id}</span>
      {match.severity && <SeverityChip severity={match.severity} />}
      {match.notAffected && (
        <Chip size="small" variant="outlined" label="Not affected (VEX)" />
      )}
    </Box>
  );
}
