import { parseEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import type {
  SbomListResponse,
  SbomSummary,
} from '@posture/backstage-plugin-security-common';
import { useSearchParams } from 'react-router-dom';
import { securityApiRef } from '../../api/SecurityApi';
import type { SbomQuery, SecurityReport } from '../../api/types';
import { formatCount } from '../shared/formatCount';
import { PagedResults } from '../shared/PagedResults';
import { SearchField } from '../shared/SearchField';
import { pagingParams, useCursorPaging } from '../shared/useCursorPaging';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { ComponentsTable } from './ComponentsTable';
import { LicenseFacetBar } from './LicenseFacetBar';
import { SbomDownloads } from './SbomDownloads';
import { componentsOnlyFromTrivy, sbomDocuments } from './sbomReports';

const SEARCH_DEBOUNCE_MS = 300;

// In the URL beside the findings table's own, so each keeps its state.
const PREFIX = 'sbom.';
const PARAMS = {
  text: `${PREFIX}q`,
  license: `${PREFIX}license`,
  ...pagingParams(PREFIX),
};

function sbomQuery(text: string, license: string | undefined): SbomQuery {
  const query: SbomQuery = {};
  if (text.trim()) {
    query.q = text.trim();
  }
  if (license) {
    query.license = license;
  }
  return query;
}

function cardTitle(result: SbomListResponse | undefined): string {
  return result
    ? `Software bill of materials (${formatCount(result.totalCount)})`
    : 'Software bill of materials';
}

/**
 * The entity's SBOM components, searched, filtered by licence and paged by the backend,
 * with the uploaded SBOM documents to download.
 */
export function SbomTable(props: {
  entityRef: string;
  summary: SbomSummary;
  /** The entity's current reports; undefined while they load or when they failed to. */
  reports?: SecurityReport[];
}) {
  const { entityRef, summary, reports } = props;
  const securityApi = useApi(securityApiRef);
  const [params, setParams] = useSearchParams();
  const text = params.get(PARAMS.text) ?? '';
  const license = params.get(PARAMS.license) ?? undefined;
  // A new search or licence starts again from the first page; typing replaces the history
  // entry rather than adding one per keystroke.
  const setFilter = (name: string, value: string | undefined) =>
    setParams(
      current => {
        const next = new URLSearchParams(current);
        next.delete(PARAMS.cursor);
        if (value) {
          next.set(name, value);
        } else {
          next.delete(name);
        }
        return next;
      },
      { replace: name === PARAMS.text },
    );
  const setText = (value: string) => setFilter(PARAMS.text, value);
  const setLicense = (value: string | undefined) =>
    setFilter(PARAMS.license, value);
  const debouncedText = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const query = sbomQuery(text.trim() ? debouncedText : '', license);

  const paging = useCursorPaging({
    queryKey: JSON.stringify([entityRef, query]),
    initialPageSize: 25,
    paramPrefix: PREFIX,
    load: request => securityApi.listSbom(entityRef, { ...query, ...request }),
  });
  const { result } = paging;
  const filtered = text.trim() !== '' || license !== undefined;
  const fromTrivy = reports
    ? componentsOnlyFromTrivy(reports)
    : summary.format === 'trivy';

  return (
    <div data-testid="sbom-table">
      <InfoCard
        title={cardTitle(result)}
        subheader={fromTrivy ? 'Packages from the Trivy report' : undefined}
      >
        <Box display="flex" flexDirection="column" gridGap={12} mb={1}>
          <SbomDownloads
            entityRef={entityRef}
            entityName={parseEntityRef(entityRef).name}
            documents={sbomDocuments(reports ?? [])}
          />
          <LicenseFacetBar
            facets={result?.licenses ?? []}
            selected={license}
            onSelect={setLicense}
          />
          <SearchField
            label="Search components"
            value={text}
            onChange={setText}
          />
        </Box>
        <PagedResults
          paging={paging}
          subject="the SBOM"
          loadingLabel="Loading components"
          filtered={filtered}
          noMatchMessage="No components match these filters"
          onReset={() =>
            setParams(current => {
              const next = new URLSearchParams(current);
              Object.values(PARAMS).forEach(name => next.delete(name));
              return next;
            })
          }
          emptyMessage="The SBOM lists no components"
        >
          {items => <ComponentsTable components={items} />}
        </PagedResults>
      </InfoCard>
    </div>
  );
}
