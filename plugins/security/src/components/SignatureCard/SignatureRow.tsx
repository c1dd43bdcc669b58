import Box from '@material-ui/core/Box';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import type { SignatureItem } from '@posture/backstage-plugin-security-common';
import { RelativeTime } from '../shared/RelativeTime';
import { DigestValue } from '../VulnerabilitiesCard/DigestValue';
import { kindLabel, sourceLabel } from './signatureLabels';
import { LogIndexLink } from './LogIndexLink';
import { SignatureStatusLabel } from './SignatureStatusLabel';

function origin(item: SignatureItem): string {
  const parts = [sourceLabel(item.source)];
  const kind = kindLabel(item);
  if (kind) {
    parts.push(kind);
  }
  parts.push(`${item.entries} ${item.entries === 1 ? 'entry' : 'entries'}`);
  return parts.join(' · ');
}

/** One source's verdict on one image digest: what it judged, who signed, and when. */
export function SignatureRow(props: { item: SignatureItem }) {
  const { item } = props;
  return (
    <ListItem disableGutters divider>
      <Box width="100%" style={{ overflowWrap: 'anywhere' }}>
        <Box
          display="flex"
          justifyContent="space-between"
          alignItems="center"
          flexWrap="wrap"
          gridGap={8}
        >
          <DigestValue digest={item.digest} />
          <Typography variant="body2" component="span">
            <SignatureStatusLabel status={item.status} />
          </Typography>
        </Box>
        <Typography variant="caption" color="textSecondary" component="div">
          {origin(item)}
        </Typography>
        {item.signer && (
          <Typography variant="caption" component="div">
            Signed by {item.signer.subject} ({item.signer.issuer})
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary" component="div">
          Log index{' '}
          <LogIndexLink logIndex={item.logIndex} logUrl={item.logUrl} />
          {item.checkedAt && (
            <>
              {' · checked '}
              <RelativeTime value={item.checkedAt} />
            </>
          )}
        </Typography>
        {item.reason && item.status !== 'verified' && (
          <Typography variant="caption" color="textSecondary" component="div">
            {item.reason}
          </Typography>
        )}
        {item.error && (
          <Typography variant="caption" color="error" component="div">
            Last check failed: {item.error}
          </Typography>
        )}
      </Box>
    </ListItem>
  );
}
