import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { SecretItem } from '@posture/backstage-plugin-security-common';
import { vaultUiUrl, type VaultUiConfig } from './vaultUiUrl';

/** The secret's path, opening it in Vault's UI when the app knows where that is. */
export function SecretPath(props: {
  secret: SecretItem;
  vaultUi: VaultUiConfig | undefined;
}) {
  const { secret, vaultUi } = props;
  return (
    <Typography
      variant="body2"
      component="span"
      style={{ wordBreak: 'break-all' }}
    >
      {vaultUi ? (
        <Link to={vaultUiUrl(secret, vaultUi)}>{secret.path}</Link>
      ) : (
        secret.path
      )}
    </Typography>
  );
}
