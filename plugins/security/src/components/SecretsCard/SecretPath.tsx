import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { SecretItem } from '@posture/backstage-plugin-security-common';
import { safeHref } from '../shared/safeHref';
import { vaultUiUrl, type VaultUiConfig } from './vaultUiUrl';

/**
 * The secret's path, opening it in Vault's UI when the app knows where that is and it is an
 * http(s) address.
 */
export function SecretPath(props: {
  secret: SecretItem;
  vaultUi: VaultUiConfig | undefined;
}) {
  const { secret, vaultUi } = props;
  const href = vaultUi ? safeHref(vaultUiUrl(secret, vaultUi)) : undefined;
  return (
    <Typography
      variant="body2"
      component="span"
      style={{ wordBreak: 'break-all' }}
    >
      {href ? <Link to={href}>{secret.path}</Link> : secret.path}
    </Typography>
  );
}
