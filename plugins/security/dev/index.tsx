import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import { SidebarItem } from '@backstage/core-components';
import { createApiFactory } from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import { ResponseError } from '@backstage/errors';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type {
  EntityPosture,
  SecretItem,
} from '@posture/backstage-plugin-security-common';
import BookmarkIcon from '@material-ui/icons/Bookmark';
import { DateTime } from 'luxon';
import {
  EntitySecurityContent,
  SecurityScorecardsPage,
  SecuritySecretRequestsPage,
  securityPlugin,
} from '../src';
import { securityApiRef } from '../src/api/SecurityApi';
import { fakeSecurityApi } from '../src/testing/fakeSecurityApi';
import {
  componentEntity,
  emptyPosture,
  gradedPosture,
  report,
  secretItem,
  signatureItem,
  signatureSummary,
} from '../src/testing/fixtures';
import {
  components,
  countBySeverity,
  findings,
  isCleared,
  listComponents,
  listFindings,
  openFindings,
} from './inMemoryFindings';
import { epssFeed, kevFeed } from '../src/testing/exploitFixtures';
import { devImpact } from './impactData';
import { paymentsHistory, scorecards } from './scorecardData';
import {
  devCatalogApi,
  devPermissionApi,
  devSecretRequests,
} from './secretRequestData';

// One entity per UI state; the fake API below answers by entity name.
const graded = componentEntity('payments');
const empty = componentEntity('new-service');
const forbidden = componentEntity('secret-service');
const loading = componentEntity('slow-service');
const unannotated = componentEntity('legacy-batch', {});
const vaultOnly = componentEntity('ledger', {
  'vault.io/secrets-path': 'ledger/',
  'posture.dev/vault-static-roles': 'ledger-db',
});

const threeDaysAgo = DateTime.now().minus({ days: 3 }).toISO()!;
const scanned = gradedPosture(graded, threeDaysAgo);

const fullPosture: EntityPosture = {
  ...scanned,
  vulnerabilities: {
    ...scanned.vulnerabilities!,
    ...countBySeverity(openFindings, false),
    fixable: countBySeverity(openFindings, true),
    kev: openFindings.filter(item => item.kev).length,
    highEpss: openFindings.filter(item => (item.epss?.score ?? 0) >= 0.5)
      .length,
    notAffected: findings.filter(isCleared).length,
  },
  sbom: { ...scanned.sbom!, components: components.length },
  signature: signatureSummary({
    checkedAt: threeDaysAgo,
    integratedTime: threeDaysAgo,
    digest: scanned.vulnerabilities!.digest,
  }),
  secrets: {
    total: 6,
    overdue: 1,
    dueSoon: 2,
    oldestAgeDays: 412,
    checkedAt: threeDaysAgo,
    stale: true,
  },
};

// Vault was unreachable at the last check, so every secret carries its error.
const vaultDown = 'connect ECONNREFUSED 10.0.0.5:8200';
const secrets: SecretItem[] = [
  secretItem({
    path: 'payments/db-password',
    status: 'overdue',
    ageDays: 412,
    currentVersion: 7,
  }),
  secretItem({ path: 'payments/stripe', status: 'due-soon', ageDays: 81 }),
  secretItem({
    path: 'payments/webhook-signing',
    status: 'due-soon',
    ageDays: 77,
  }),
  secretItem({
    path: 'payments/legacy-ftp',
    status: 'unknown',
    ageDays: null,
    error: '1 error occurred: permission denied',
  }),
  secretItem({ path: 'payments/old-token', status: 'deleted', ageDays: 200 }),
  secretItem({
    path: 'payments-db',
    engine: 'database',
    kind: 'database-static-role',
    currentVersion: null,
    ageDays: 2,
    maxAgeDays: 30,
  }),
].map(secret => ({
  ...secret,
  checkedAt: threeDaysAgo,
  stale: true,
  error: secret.error ?? vaultDown,
}));

const reports = [
  report({
    id: 'trivy-1',
    format: 'trivy',
    generatedAt: threeDaysAgo,
    findings: findings.length,
    components: 0,
    otherFindings: { secrets: 2, misconfigurations: 5 },
  }),
  report({ id: 'cyclonedx-1', generatedAt: threeDaysAgo }),
];

/** Slow enough to see the loading bar between pages. */
function later<T>(value: T): Promise<T> {
  return new Promise(resolve => setTimeout(() => resolve(value), 250));
}

const securityApi = fakeSecurityApi({
  async getPosture(entityRef) {
    switch (parseEntityRef(entityRef).name) {
      case 'payments':
        return fullPosture;
      case 'secret-service':
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message:
                  'Not allowed to read the security posture of component:default/secret-service',
              },
              response: { statusCode: 403 },
            }),
            { status: 403, headers: { 'content-type': 'application/json' } },
          ),
        );
      case 'slow-service':
        return new Promise<EntityPosture>(() => {});
      default:
        return emptyPosture(empty);
    }
  },
  listVulnerabilities: async (_entityRef, query) => later(listFindings(query)),
  listSbom: async (_entityRef, query) => later(listComponents(query)),
  listReports: async () => ({ items: reports, totalCount: reports.length }),
  listSecrets: async entityRef =>
    parseEntityRef(entityRef).name === 'payments'
      ? { items: secrets, totalCount: secrets.length }
      : { items: [], totalCount: 0 },
  listSignatures: async entityRef => {
    if (parseEntityRef(entityRef).name !== 'payments') {
      return { items: [], totalCount: 0 };
    }
    const items = [
      signatureItem({ checkedAt: threeDaysAgo, integratedTime: threeDaysAgo }),
      signatureItem({
        source: 'upload',
        kind: 'signature',
        predicateType: null,
        status: 'invalid',
        reason: 'The signature does not match the image digest',
        signer: null,
        logIndex: null,
        logUrl: null,
        integratedTime: null,
        checkedAt: threeDaysAgo,
      }),
    ];
    return later({ items, totalCount: items.length });
  },
  // Slow enough to see the progress indicator; Vault is still down.
  refresh: async () =>
    later({ refreshed: ['vault'], errors: { vault: vaultDown } }),
  getScorecards: async query => later(scorecards(query)),
  // The EPSS download failed this morning: the warning shows on the scorecards page.
  listExploitFeeds: async () =>
    later({
      items: [
        kevFeed({ loadedAt: DateTime.now().minus({ hours: 2 }).toISO()! }),
        epssFeed({
          loadedAt: DateTime.now().minus({ days: 1 }).toISO()!,
          checkedAt: DateTime.now().minus({ hours: 1 }).toISO()!,
          stale: true,
          error:
            'EPSS file at https://epss.empiricalsecurity.com/epss_scores-current.csv.gz answered 503 Service Unavailable (after 4 attempts)',
        }),
      ],
    }),
  getHistory: async entityRef =>
    parseEntityRef(entityRef).name === 'payments'
      ? paymentsHistory
      : { items: [] },
  downloadScorecardsCsv: async () =>
    new Blob(['entityRef,grade\ncomponent:default/payments,D\n'], {
      type: 'text/csv',
    }),
  ...devSecretRequests(),
  ...devImpact(),
  downloadReportDocument: async () =>
    new Blob(
      [JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5' }, null, 2)],
      { type: 'application/json' },
    ),
});

function tab(entity: Entity) {
  return (
    <EntityProvider entity={entity}>
      <EntitySecurityContent />
    </EntityProvider>
  );
}

createDevApp()
  .registerPlugin(securityPlugin)
  .registerApi(createApiFactory(securityApiRef, securityApi))
  // The secret request pickers read the catalog; every permission is granted here.
  .registerApi(createApiFactory(catalogApiRef, devCatalogApi))
  .registerApi(createApiFactory(permissionApiRef, devPermissionApi))
  .addPage({ path: '/graded', title: 'Graded', element: tab(graded) })
  .addPage({ path: '/empty', title: 'No data yet', element: tab(empty) })
  .addPage({
    path: '/vault-only',
    title: 'Vault not reported',
    element: tab(vaultOnly),
  })
  .addPage({
    path: '/unannotated',
    title: 'No annotation',
    element: tab(unannotated),
  })
  .addPage({ path: '/error', title: 'Error', element: tab(forbidden) })
  .addPage({ path: '/loading', title: 'Loading', element: tab(loading) })
  .addPage({
    path: '/security',
    title: 'Scorecards',
    element: <SecurityScorecardsPage />,
  })
  // Beneath the scorecards page: the impact search (an answer over pages, a refused range)
  // and the campaigns.
  .addSidebarItem(
    <SidebarItem
      to="/security/impact?vulnerability=CVE-2021-44228"
      text="Impact"
      icon={BookmarkIcon}
    />,
  )
  .addSidebarItem(
    <SidebarItem
      to="/security/impact?package=libc6&ecosystem=deb&version=%3C2.37"
      text="Impact: refused"
      icon={BookmarkIcon}
    />,
  )
  .addSidebarItem(
    <SidebarItem
      to="/security/campaigns"
      text="Campaigns"
      icon={BookmarkIcon}
    />,
  )
  .addPage({
    path: '/security/secret-requests',
    title: 'Secret requests',
    element: <SecuritySecretRequestsPage />,
  })
  .render();
