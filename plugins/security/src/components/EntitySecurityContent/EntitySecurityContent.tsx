import { makeStyles } from '@material-ui/core/styles';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_IMAGE,
  ANNOTATION_VAULT_SECRETS_PATH,
  isPostureAvailable,
} from '@posture/backstage-plugin-security-common';
import { accessibilityStyles } from '../shared/accessibilityStyles';
import { EntityPostureState } from './EntityPostureState';

const useStyles = makeStyles(theme => ({ root: accessibilityStyles(theme) }));

/**
 * The Security tab of an entity page. The annotation check comes first so an entity
 * Posture cannot track gets setup instructions instead of a pointless request.
 * @public
 */
export function EntitySecurityContent() {
  const { entity } = useEntity();
  const classes = useStyles();
  return (
    <div data-testid="security-tab" className={classes.root}>
      {isPostureAvailable(entity) ? (
        <EntityPostureState entity={entity} />
      ) : (
        <MissingAnnotationEmptyState
          annotation={[ANNOTATION_IMAGE, ANNOTATION_VAULT_SECRETS_PATH]}
        />
      )}
    </div>
  );
}
