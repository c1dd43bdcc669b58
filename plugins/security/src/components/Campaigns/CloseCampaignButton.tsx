import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import type { Campaign } from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import { NO_CAMPAIGN_PERMISSION } from '../Impact/SaveCampaignDialog';
import { errorMessage } from '../shared/errorMessage';
import { useUniqueId } from '../shared/useUniqueId';

/**
 * Closes the campaign after asking: it then stops following its services and reminding
 * their owners, which cannot be undone. A refusal is shown in the dialog.
 */
export function CloseCampaignButton(props: {
  campaign: Campaign;
  onClosed: () => Promise<unknown>;
}) {
  const securityApi = useApi(securityApiRef);
  const titleId = useUniqueId('close-campaign-title');
  const [open, setOpen] = useState(false);
  const [closing, setClosing] = useState(false);
  const [failure, setFailure] = useState<string>();

  const close = async () => {
    setClosing(true);
    setFailure(undefined);
    try {
      await securityApi.closeCampaign(props.campaign.id);
      setOpen(false);
      await props.onClosed();
    } catch (error) {
      setFailure(
        ResponseError.is(error) && error.response.status === 403
          ? NO_CAMPAIGN_PERMISSION
          : errorMessage(error as Error),
      );
    } finally {
      setClosing(false);
    }
  };

  return (
    <>
      <Button variant="outlined" onClick={() => setOpen(true)}>
        Close campaign
      </Button>
      <Dialog
        open={open}
        onClose={closing ? undefined : () => setOpen(false)}
        aria-labelledby={titleId}
        maxWidth="sm"
      >
        <DialogTitle id={titleId}>Close {props.campaign.title}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The campaign stops following its services and no longer reminds
            their owners. It stays in the list as closed.
          </DialogContentText>
          {failure && (
            <Alert severity="error" role="alert">
              Not closed: {failure}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={closing}>
            Cancel
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={close}
            disabled={closing}
          >
            {closing ? 'Closing…' : 'Close campaign'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
