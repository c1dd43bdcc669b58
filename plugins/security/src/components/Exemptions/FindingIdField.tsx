import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import type { CheckResult } from '@posture/backstage-plugin-security-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api/SecurityApi';
import { formatEpssScore } from '../Exploitability/epssFormat';
import { errorMessage } from '../shared/errorMessage';
import {
  CANDIDATE_LIMIT,
  candidateQuery,
  groupCandidates,
  type FindingCandidate,
} from './findingCandidates';

/** "Known exploited · EPSS 97.5% · log4j-core 2.14.1": what tells one finding from another. */
function describe(candidate: FindingCandidate): string {
  const facts: string[] = [];
  if (candidate.kev) {
    facts.push('Known exploited');
  }
  if (candidate.epss) {
    facts.push(`EPSS ${formatEpssScore(candidate.epss.score)}`);
  }
  facts.push(candidate.packages.join(', '));
  return facts.join(' · ');
}

function helpFor(options: {
  loading: boolean;
  error?: Error;
  listed: number;
  more: boolean;
}): string {
  const leaveEmpty = 'leave empty to exempt the whole check.';
  if (options.loading) {
    return `Listing the findings this check counts… A vulnerability id such as CVE-2024-1234 exempts only that finding; ${leaveEmpty}`;
  }
  if (options.error) {
    return `Could not list the findings this check counts (${errorMessage(
      options.error,
    )}). Type a vulnerability id such as CVE-2024-1234 to exempt only that finding, or ${leaveEmpty}`;
  }
  if (options.listed === 0) {
    return `A vulnerability id such as CVE-2024-1234 exempts only that finding; ${leaveEmpty}`;
  }
  const which = options.more
    ? `the riskiest ${options.listed} of the findings this check counts`
    : `the ${options.listed} ${
        options.listed === 1 ? 'finding' : 'findings'
      } this check counts, riskiest first`;
  return `Pick one of ${which}, or type a vulnerability id, to exempt only that finding; ${leaveEmpty}`;
}

/**
 * The finding an exemption names: a box that offers the findings the check counts (listed
 * with the check's own filter, riskiest first) and takes any vulnerability id typed in, since
 * the list stops at the first {@link CANDIDATE_LIMIT}.
 */
export function FindingIdField(props: {
  id: string;
  entityRef: string;
  check: CheckResult;
  value: string;
  onChange: (findingId: string) => void;
}) {
  const { id, entityRef, check, value, onChange } = props;
  const api = useApi(securityApiRef);
  const candidates = useAsync(
    () => api.listVulnerabilities(entityRef, candidateQuery(check)),
    [api, entityRef, check],
  );
  const { ids, byId } = useMemo(() => {
    const grouped = groupCandidates(candidates.value?.items ?? []);
    return {
      ids: grouped.map(c => c.id),
      byId: new Map(grouped.map(c => [c.id, c])),
    };
  }, [candidates.value]);
  const listed = candidates.value?.items.length ?? 0;
  const help = helpFor({
    loading: candidates.loading,
    error: candidates.error,
    listed: ids.length,
    more: listed > 0 && (candidates.value?.totalCount ?? listed) > listed,
  });

  return (
    <Autocomplete<string, false, false, true>
      id={id}
      freeSolo
      options={ids}
      loading={candidates.loading}
      inputValue={value}
      onInputChange={(_event, next) => onChange(next)}
      renderOption={option => {
        const candidate = byId.get(option);
        return (
          <Box>
            <Typography variant="body2">{option}</Typography>
            {candidate && (
              <Typography variant="caption" color="textSecondary">
                {describe(candidate)}
              </Typography>
            )}
          </Box>
        );
      }}
      renderInput={params => (
        <TextField
          {...params}
          label="Finding id (optional)"
          fullWidth
          margin="normal"
          helperText={help}
          inputProps={{ ...params.inputProps, maxLength: 255 }}
        />
      )}
    />
  );
}
