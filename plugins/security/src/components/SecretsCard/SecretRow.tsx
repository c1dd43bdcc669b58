import Box from '@material-ui/core/Box';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import {
  overdueSecretReason,
  type SecretItem,
} from '@posture/backstage-plugin-security-common';
import { SecretAgeBar } from './SecretAgeBar';
import { SecretPath } from './SecretPath';
import { SecretStatusChip } from './SecretStatusChip';
import type { VaultUiConfig } from './vaultUiUrl';

const KIND_LABELS: Record<SecretItem['kind'], string> = {
  kv: 'KV',
  'database-static-role': 'static role',
};

/** The grade's fix for this secret, word for word, when it is overdue. */
function overdueFix(secret: SecretItem): string | null {
  if (
    secret.status !== 'overdue' ||
    secret.ageDays === null ||
    secret.maxAgeDays === null
  ) {
    return null;
  }
  return overdueSecretReason({
    path: secret.path,
    engine: secret.engine,
    kind: secret.kind,
    ageDays: secret.ageDays,
    maxAgeDays: secret.maxAgeDays,
  }).fix;
}

function details(secret: SecretItem): string {
  const parts = [secret.engine, KIND_LABELS[secret.kind]];
  if (secret.currentVersion !== null) {
    parts.push(`version ${secret.currentVersion}`);
  }
  return parts.join(' · ');
}

/** One secret: which, where, how old against its limit, and why its check failed. */
export function SecretRow(props: {
  secret: SecretItem;
  vaultUi: VaultUiConfig | undefined;
}) {
  const { secret } = props;
  const fix = overdueFix(secret);
  return (
    <ListItem disableGutters divider>
      <Box width="100%">
        <Box
          display="flex"
          justifyContent="space-between"
          alignItems="center"
          gridGap={8}
        >
          <SecretPath secret={secret} vaultUi={props.vaultUi} />
          <SecretStatusChip status={secret.status} error={secret.error} />
        </Box>
        <Typography variant="caption" color="textSecondary" component="div">
          {details(secret)}
        </Typography>
        <SecretAgeBar secret={secret} />
        {fix && (
          <Typography variant="caption" component="div">
            Fix: {fix}
          </Typography>
        )}
        {secret.error && (
          <Typography variant="caption" color="error" component="div">
            Last check failed: {secret.error}
          </Typography>
        )}
      </Box>
    </ListItem>
  );
}
