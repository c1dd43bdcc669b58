import { InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  SecretRequest,
  SecretRequestDetail,
} from '@posture/backstage-plugin-security-common';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { LoadingBar } from '../shared/LoadingBar';
import { NativeSelectField } from '../shared/NativeSelectField';
import { useReloadable } from '../shared/useReloadable';
import { useUniqueId } from '../shared/useUniqueId';
import { DecisionActions } from './DecisionActions';
import { DecisionPermission } from './DecisionPermission';
import { EntityRefPicker } from './EntityRefPicker';
import {
  hasNarrowingFilters,
  queueQuery,
  readQueueFilters,
  STATUS_OPTIONS,
  writeQueueFilters,
  type QueueFilters,
} from './queueFilters';
import { RequestListItem } from './RequestListItem';

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'grid',
    gap: theme.spacing(2),
    alignItems: 'start',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    marginBottom: theme.spacing(2),
    // The select's label sits on its outline; the pickers' labels sit above theirs.
    [theme.breakpoints.up('sm')]: {
      '& > :first-child': { marginTop: theme.spacing(3.5) },
    },
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
}));

const byOldest = (a: SecretRequest, b: SecretRequest) =>
  a.createdAt.localeCompare(b.createdAt);

function QueueFilterBar(props: {
  filters: QueueFilters;
  onChange: (filters: QueueFilters) => void;
}) {
  const { filters, onChange } = props;
  const classes = useStyles();
  const ids = {
    status: useUniqueId('queue-status'),
    service: useUniqueId('queue-service'),
    owner: useUniqueId('queue-owner'),
    requester: useUniqueId('queue-requester'),
  };
  return (
    <div className={classes.filters} role="group" aria-label="Filters">
      <NativeSelectField
        id={ids.status}
        label="State"
        value={filters.status}
        options={STATUS_OPTIONS}
        onChange={status => onChange({ ...filters, status })}
      />
      <EntityRefPicker
        id={ids.service}
        label="Service"
        kind="component"
        value={filters.service}
        onChange={service => onChange({ ...filters, service })}
      />
      <EntityRefPicker
        id={ids.owner}
        label="Owner"
        kind="group"
        value={filters.owner}
        onChange={owner => onChange({ ...filters, owner })}
      />
      <EntityRefPicker
        id={ids.requester}
        label="Requester"
        kind="user"
        value={filters.requester}
        onChange={requester => onChange({ ...filters, requester })}
      />
    </div>
  );
}

function EmptyQueue(props: { filters: QueueFilters; onClear: () => void }) {
  const { filters, onClear } = props;
  if (hasNarrowingFilters(filters)) {
    return (
      <>
        <Typography variant="subtitle1" component="p">
          No request matches these filters
        </Typography>
        <Box mt={1}>
          <Button variant="outlined" onClick={onClear}>
            Clear service, owner and requester
          </Button>
        </Box>
      </>
    );
  }
  return (
    <>
      <Typography variant="subtitle1" component="p">
        {filters.status === 'pending'
          ? 'Nothing is waiting for a decision'
          : 'No request in this state'}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Requests for the services you may read show here; you are told when a
        new one waits for an approver.
      </Typography>
    </>
  );
}

/**
 * Requests for approvers, oldest first: filter by state (pending by default), service, owner
 * and requester; each pending one says how long it has waited, with Approve and Reject (a
 * reason required) for those who may decide for its service, never on their own.
 */
export function ApprovalQueue() {
  const classes = useStyles();
  const [params, setParams] = useSearchParams();
  const filters = readQueueFilters(params);
  const query = queueQuery(filters);
  const requests = useReloadable(
    api => api.listSecretRequests(query),
    [query.status, query.entityRef, query.owner, query.requester],
  );
  // Decisions taken here, newer than the list: the row stays, with its outcome.
  const [decided, setDecided] = useState<Record<string, SecretRequestDetail>>(
    {},
  );
  const items = useMemo(
    () =>
      [...(requests.value?.items ?? [])]
        .map(request => decided[request.id] ?? request)
        .sort(byOldest),
    [requests.value, decided],
  );

  const setFilters = (next: QueueFilters) =>
    setParams(writeQueueFilters(next), { replace: true });
  const onChanged = (detail: SecretRequestDetail) =>
    setDecided(current => ({ ...current, [detail.id]: detail }));

  let content;
  if (requests.loading && !requests.value) {
    content = <Progress />;
  } else if (requests.error) {
    content = (
      <PostureErrorPanel
        error={requests.error}
        onRetry={requests.reload}
        subject="the secret requests"
      />
    );
  } else if (items.length === 0) {
    content = (
      <EmptyQueue
        filters={filters}
        onClear={() =>
          setFilters({
            ...filters,
            service: null,
            owner: null,
            requester: null,
          })
        }
      />
    );
  } else {
    content = (
      <>
        <Typography variant="body2" color="textSecondary" role="status">
          {items.length} {items.length === 1 ? 'request' : 'requests'}, oldest
          first
        </Typography>
        <ul className={classes.list} aria-label="Secret requests to decide">
          {items.map(request => (
            <RequestListItem key={request.id} request={request} forApprover>
              <DecisionPermission request={request}>
                {decision => (
                  <DecisionActions
                    request={request}
                    decision={decision}
                    onChanged={onChanged}
                  />
                )}
              </DecisionPermission>
            </RequestListItem>
          ))}
        </ul>
      </>
    );
  }

  return (
    <InfoCard title="Approval queue">
      <div data-testid="secret-request-queue">
        <QueueFilterBar filters={filters} onChange={setFilters} />
        <LoadingBar
          loading={requests.loading && Boolean(requests.value)}
          label="Loading secret requests"
        />
        {content}
      </div>
    </InfoCard>
  );
}
