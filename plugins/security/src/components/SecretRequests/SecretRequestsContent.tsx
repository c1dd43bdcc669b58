import { makeStyles } from '@material-ui/core/styles';
import { Route, Routes } from 'react-router-dom';
import { accessibilityStyles } from '../shared/accessibilityStyles';
import { ApprovalQueue } from './ApprovalQueue';
import { CurrentUserProvider } from './currentUser';
import { MyRequests } from './MyRequests';
import { RequestSecretForm } from './RequestSecretForm';
import { SecretRequestPathsProvider } from './secretRequestPaths';
import { SecretRequestsNav } from './SecretRequestsNav';
import { SecretRequestView } from './SecretRequestView';

const useStyles = makeStyles(theme => ({ root: accessibilityStyles(theme) }));

/**
 * Self-service secret requests: my requests (the page's start), the request form (`new`,
 * `?entityRef=` preselects the service), the approval queue (`queue`) and each request with
 * its history (`requests/:id`).
 */
export function SecretRequestsContent() {
  const classes = useStyles();
  return (
    <SecretRequestPathsProvider>
      <CurrentUserProvider>
        <div className={classes.root}>
          <SecretRequestsNav />
          <Routes>
            <Route path="/" element={<MyRequests />} />
            <Route path="new" element={<RequestSecretForm />} />
            <Route path="queue" element={<ApprovalQueue />} />
            <Route path="requests/:id" element={<SecretRequestView />} />
          </Routes>
        </div>
      </CurrentUserProvider>
    </SecretRequestPathsProvider>
  );
}
