import { CodeSnippet } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_VAULT_SECRETS_PATH,
  ANNOTATION_VAULT_STATIC_ROLES,
} from '@posture/backstage-plugin-security-common';

function annotationYaml(name: string): string {
  return [
    'metadata:',
    '  annotations:',
    '    # KV v2 paths, comma-separated; a trailing / tracks the whole folder',
    `    ${ANNOTATION_VAULT_SECRETS_PATH}: ${name}/`,
    '    # database static roles whose rotation Vault manages',
    `    ${ANNOTATION_VAULT_STATIC_ROLES}: ${name}-db`,
  ].join('\n');
}

/** The entity does not say where its secrets are; show what to add to say it. */
export function SecretsAnnotationHint(props: { entityName: string }) {
  return (
    <>
      <Typography variant="body2" gutterBottom>
        Posture tracks the age of this entity's Vault secrets once it knows
        where they are. Add either annotation to its catalog entry:
      </Typography>
      <CodeSnippet
        language="yaml"
        text={annotationYaml(props.entityName)}
        showCopyCodeButton
        wrapLongLines
      />
    </>
  );
}
