import type { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import {
  SEVERITIES,
  type EntityPosture,
} from '@posture/backstage-plugin-security-common';
import { useMemo } from 'react';
import { EntityTrendCard } from '../EntityTrendCard/EntityTrendCard';
import { NotAffectedCard } from '../Exploitability/NotAffectedCard';
import { PostureSummaryCard } from '../PostureSummaryCard/PostureSummaryCard';
import { PolicySection } from '../Exemptions';
import { ReasonActionsContext } from '../ReasonsList/ReasonActions';
import { SbomCard } from '../SbomCard/SbomCard';
import { SbomTable } from '../SbomTable';
import { SecretsCard } from '../SecretsCard';
import { formatCount } from '../shared/formatCount';
import { SignatureCard } from '../SignatureCard/SignatureCard';
import { SkipToFindings } from '../SkipLink/SkipToFindings';
import { VulnerabilitiesCard } from '../VulnerabilitiesCard/VulnerabilitiesCard';
import { VulnerabilitiesTable } from '../VulnerabilitiesTable';
import { useReports } from './useReports';
import {
  SECTION_IDS,
  useSectionView,
  type SectionView,
} from './useSectionView';

/**
 * Layout of the data state: sections as tabs, so the findings and the SBOM are one click
 * from the top instead of below every card. The overview has the headline card, whose
 * reasons lead to their fix, and one card per source.
 */
export function PostureOverview(props: {
  entity: Entity;
  entityRef: string;
  posture: EntityPosture;
  /** Fetches the posture again, for a card whose action changed it. */
  onReload: () => Promise<void>;
}) {
  const { entity, entityRef, posture, onReload } = props;
  const reports = useReports(
    entityRef,
    posture.vulnerabilities !== null || posture.sbom !== null,
  );
  const available: SectionView[] = ['overview'];
  if (posture.vulnerabilities) available.push('findings');
  if (posture.sbom) available.push('sbom');
  const { view, setView, openSection, openReason, showFindings } =
    useSectionView(available);
  const reasonActions = useMemo(
    () => ({ entityRef, open: openReason, showFindings }),
    [entityRef, openReason, showFindings],
  );
  const findingCount = posture.vulnerabilities
    ? SEVERITIES.reduce((sum, s) => sum + posture.vulnerabilities![s], 0)
    : 0;

  return (
    <ReasonActionsContext.Provider value={reasonActions}>
      {posture.vulnerabilities && view !== 'findings' && (
        <SkipToFindings onSkip={() => openSection('findings')} />
      )}
      {available.length > 1 && (
        <Box mb={2}>
          <Tabs
            value={view}
            onChange={(_event, next: SectionView) => setView(next)}
            indicatorColor="primary"
            textColor="primary"
            variant="scrollable"
            scrollButtons="off"
            aria-label="Security sections"
          >
            <Tab value="overview" label="Overview" id="security-tab-overview" />
            {posture.vulnerabilities && (
              <Tab
                value="findings"
                label={`Findings (${formatCount(findingCount)})`}
                id="security-tab-findings"
                aria-controls={SECTION_IDS.findings}
              />
            )}
            {posture.sbom && (
              <Tab
                value="sbom"
                label={`SBOM (${formatCount(posture.sbom.components)})`}
                id="security-tab-sbom"
                aria-controls={SECTION_IDS.sbom}
              />
            )}
          </Tabs>
        </Box>
      )}
      {view === 'overview' && (
        <Grid container spacing={3} alignItems="stretch">
          <Grid item xs={12}>
            <PostureSummaryCard posture={posture} />
          </Grid>
          <PolicySection
            entityRef={entityRef}
            posture={posture}
            onReload={onReload}
          />
          <Grid item xs={12}>
            <EntityTrendCard entityRef={entityRef} />
          </Grid>
          <Grid item xs={12} md={6}>
            <VulnerabilitiesCard
              summary={posture.vulnerabilities}
              reports={reports}
            />
          </Grid>
          <Grid item xs={12} md={6} id={SECTION_IDS.signature} tabIndex={-1}>
            <SignatureCard
              entity={entity}
              summary={posture.signature}
              scannedDigest={posture.vulnerabilities?.digest ?? null}
              onReload={onReload}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <SbomCard summary={posture.sbom} />
          </Grid>
          <Grid item xs={12} md={6} id={SECTION_IDS.secrets} tabIndex={-1}>
            <SecretsCard
              entity={entity}
              summary={posture.secrets}
              onReload={onReload}
            />
          </Grid>
        </Grid>
      )}
      {view === 'findings' && posture.vulnerabilities && (
        <div
          role="tabpanel"
          id={SECTION_IDS.findings}
          aria-labelledby="security-tab-findings"
          tabIndex={-1}
        >
          <VulnerabilitiesTable
            entityRef={entityRef}
            summary={posture.vulnerabilities}
          />
          <Box mt={3} id={SECTION_IDS.notAffected} tabIndex={-1}>
            <NotAffectedCard
              entityRef={entityRef}
              summary={posture.vulnerabilities}
            />
          </Box>
        </div>
      )}
      {view === 'sbom' && posture.sbom && (
        <div
          role="tabpanel"
          id={SECTION_IDS.sbom}
          aria-labelledby="security-tab-sbom"
          tabIndex={-1}
        >
          <SbomTable
            entityRef={entityRef}
            summary={posture.sbom}
            reports={reports}
          />
        </div>
      )}
    </ReasonActionsContext.Provider>
  );
}
