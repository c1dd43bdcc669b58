import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { PostureReason } from '@posture/backstage-plugin-security-common';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api/SecurityApi';
import {
  findingsQuery,
  type FindingSort,
} from '../VulnerabilitiesTable/findingFilters';
import {
  filtersForReason,
  sortForReason,
} from '../VulnerabilitiesTable/findingParams';
import { packagesToUpgrade } from './packagesToUpgrade';
import { useReasonActions } from './ReasonActions';

/** How many packages are named before "and N more". */
const NAMED = 3;
/** One page of the reason's findings is enough to name the packages of almost any scan. */
const LOOKED_AT = 100;

/**
 * "Upgrade openssl to 3.0.15, musl to 1.1.20-r5 and 2 more": the packages behind a fixable
 * findings reason, worst first, read from the reason's own filter.
 */
export function ReasonPackages(props: { reason: PostureReason }) {
  const { reason } = props;
  const actions = useReasonActions();
  const securityApi = useApi(securityApiRef);
  const applies =
    actions !== undefined &&
    reason.target === 'findings' &&
    reason.filter?.fixable === true;
  const { value } = useAsync(async () => {
    if (!applies) {
      return undefined;
    }
    // Exploitability reasons name their packages riskiest first, the rest worst first.
    const sort: FindingSort = sortForReason(reason) ?? {
      sort: 'severity',
      order: 'desc',
    };
    const page = await securityApi.listVulnerabilities(actions.entityRef, {
      ...findingsQuery(
        { ...filtersForReason(reason), fixableOnly: true },
        sort,
      ),
      limit: LOOKED_AT,
    });
    return packagesToUpgrade(page.items, NAMED, page.totalCount > LOOKED_AT);
  }, [applies, actions?.entityRef, JSON.stringify(reason.filter)]);
  // Naming packages is a help; the fix text already says what to do if this fails.
  if (!value) {
    return null;
  }
  return (
    <Typography variant="body2" component="span" display="block">
      {value}
    </Typography>
  );
}
