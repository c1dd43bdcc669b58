import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import Typography from '@material-ui/core/Typography';
import type { SecretItem } from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { SecretRow } from './SecretRow';
import { sortSecrets } from './sortSecrets';
import { useVaultUiConfig } from './useVaultUiConfig';

/** Enough for the urgent ones; the card sits in a grid next to others of similar height. */
export const COMPACT_ROWS = 8;

/** The secrets, most urgent first, folded to the first few until asked for all. */
export function SecretsList(props: { items: readonly SecretItem[] }) {
  const vaultUi = useVaultUiConfig();
  const [showAll, setShowAll] = useState(false);
  const sorted = sortSecrets(props.items);
  if (sorted.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Vault has no secrets under the annotated paths and roles.
      </Typography>
    );
  }
  const folded = sorted.length > COMPACT_ROWS;
  const shown = folded && !showAll ? sorted.slice(0, COMPACT_ROWS) : sorted;
  return (
    <>
      <List dense disablePadding aria-label="Secrets">
        {shown.map(secret => (
          <SecretRow
            key={`${secret.kind}:${secret.engine}:${secret.path}`}
            secret={secret}
            vaultUi={vaultUi}
          />
        ))}
      </List>
      {folded && (
        <Button size="small" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer' : `Show all ${sorted.length}`}
        </Button>
      )}
    </>
  );
}
