import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { LoadingBar } from '../shared/LoadingBar';
import { SignatureRow } from './SignatureRow';
import type { SignatureList } from './useSignatureList';

function VerdictRows(props: { list: SignatureList }) {
  const { list } = props;
  if (list.error) {
    return (
      <PostureErrorPanel
        error={list.error}
        onRetry={() => {
          list.reload();
        }}
        subject="the signatures"
      />
    );
  }
  const page = list.value;
  return (
    <>
      <LoadingBar loading={list.loading} label="Loading signatures" />
      {page && page.items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No verdicts are stored for this entity.
        </Typography>
      )}
      {page && page.items.length > 0 && (
        <List dense disablePadding aria-label="Signature verdicts">
          {page.items.map(item => (
            <SignatureRow
              key={`${item.source}:${item.digest}:${item.kind}`}
              item={item}
            />
          ))}
        </List>
      )}
      {page && page.totalCount > page.items.length && (
        <Typography variant="caption" color="textSecondary">
          Showing the {page.items.length} most recently checked of{' '}
          {page.totalCount}.
        </Typography>
      )}
    </>
  );
}

/**
 * Every verdict behind the summary, folded: the card states the best one, this says which
 * source judged which digest, for when the verdicts disagree.
 */
export function SignatureVerdicts(props: { list: SignatureList }) {
  const total = props.list.value?.totalCount;
  return (
    <Accordion elevation={0} square TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="body2">
          All verdicts{total === undefined ? '' : ` (${total})`}
        </Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Box width="100%">
          <VerdictRows list={props.list} />
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}
