import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ParsedVulnerability } from '@posture/backstage-plugin-security-node';
import { kevCatalog, kevEntry } from '../../../__testUtils__/exploitFeedData';
import { entityOwnerDecision } from '../../../__testUtils__/catalogDecisions';
import {
  makeComponent,
  makeSbom,
  makeScan,
  makeVulnerability,
} from '../../../__testUtils__/parsedReports';
import { createTestStore } from '../../../__testUtils__/storeHarness';
import { EntityAccess } from '../../EntityAccess';
import { FindingsService } from '../../FindingsService';
import { DatabaseCampaignStore } from '../../../database/DatabaseCampaignStore';
import { DatabaseImpactStore } from '../../../database/impact/DatabaseImpactStore';
import { CampaignRecomputer } from '../../campaigns/CampaignRecomputer';
import { CampaignService } from '../../campaigns/CampaignService';
import { createImpactService } from '../../impact/createImpactService';
import { ReadableEntitiesResolver } from '../../scorecards/readableEntities';
import { PostureService } from '../../PostureService';
import { registerPostureActions } from '../registerPostureActions';

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'posture.dev/image': `ghcr.io/acme/${name}` },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

export const CHECKOUT_REF = 'component:default/checkout-api';
export const LEDGER_REF = 'component:default/ledger';
/** Nothing was reported for it. */
export const DOCS_REF = 'component:default/docs-site';
export const TEAM_CHECKOUT = 'group:default/team-checkout';
export const TEAM_PAYMENTS = 'group:default/team-payments';
const ENTITIES = [
  {
    ref: CHECKOUT_REF,
    name: 'checkout-api',
    title: 'Checkout API',
    owner: TEAM_CHECKOUT,
  },
  { ref: LEDGER_REF, name: 'ledger', title: 'Ledger', owner: TEAM_PAYMENTS },
  {
    ref: DOCS_REF,
    name: 'docs-site',
    title: 'Docs site',
    owner: TEAM_CHECKOUT,
  },
];
export const LOG4J_PURL = 'pkg:maven/org.apache.logging.log4j/log4j-core';

/** Alice may read every posture; Bob (of team-checkout) may not read the ledger's. */
export const alice: BackstageCredentials =
  mockCredentials.user('user:default/alice');
export const bob: BackstageCredentials =
  mockCredentials.user('user:default/bob');

/** checkout-api's scan: the riskiest finding is a medium whose CVE is known exploited. */
export const CHECKOUT_FINDINGS: Array<
  Partial<ParsedVulnerability> & { id: string }
> = [
  {
    id: 'CVE-2024-0001',
    severity: 'critical',
    packageName: 'openssl',
    fixedVersion: '3.0.13',
  },
  {
    id: 'CVE-2024-0002',
    severity: 'critical',
    packageName: 'curl',
    fixedVersion: null,
  },
  {
    id: 'CVE-2021-44228',
    severity: 'medium',
    packageName: 'log4j-core',
    installedVersion: '2.14.1',
    fixedVersion: '2.17.1',
    purl: `${LOG4J_PURL}@2.14.1`,
  },
  {
    id: 'CVE-2024-0003',
    severity: 'high',
    packageName: 'zlib',
    fixedVersion: '1.3.1',
  },
  {
    id: 'CVE-2024-0004',
    severity: 'low',
    packageName: 'expat',
    fixedVersion: null,
  },
];

/**
 * Posture's actions in the test actions registry over a real store (SQLite), with entity facts
 * as the fleet regrade records them: checkout-api with a scan (log4j-core 2.14.1 among its
 * findings), ledger with an SBOM (log4j-core 2.14.0, and 2.17.1 in another path), docs-site
 * with nothing; KEV loaded. The permission policy lets Alice read everything and Bob
 * everything but the ledger (as an owner condition where it is asked without a resource).
 */
export async function createActionsHarness(databases: TestDatabases) {
  const { store, knex } = await createTestStore(databases, 'SQLITE_3');
  await knex('posture_entities').insert(
    ENTITIES.map(e => ({
      entity_ref: e.ref,
      kind: 'component',
      namespace: 'default',
      name: e.name,
      title: e.title,
      owner_ref: e.owner,
      system_ref: null,
      lifecycle: 'production',
      policy: null,
      seen_at: new Date(),
    })),
  );
  await store.exploits.loadKev({
    catalog: kevCatalog([kevEntry('CVE-2021-44228')]),
    sha256: 'a'.repeat(64),
    location: 'fixtures/kev/known_exploited_vulnerabilities.json',
    now: new Date('2026-12-01T00:00:00Z'),
  });
  await store.reports.replaceReport({
    write: {
      entityRef: CHECKOUT_REF,
      artifact: 'ghcr.io/acme/checkout-api',
      report: makeScan(0, {
        artifact: { name: 'ghcr.io/acme/checkout-api:1.4', digests: [] },
        vulnerabilities: CHECKOUT_FINDINGS.map((f, i) =>
          makeVulnerability(i, { cvssScore: 5, ...f }),
        ),
      }),
      sha256: '1'.repeat(64),
      document: '{}',
      uploadedBy: null,
    },
  });
  await store.reports.replaceReport({
    write: {
      entityRef: LEDGER_REF,
      artifact: 'ghcr.io/acme/ledger',
      report: makeSbom(0, {
        artifact: { name: 'ghcr.io/acme/ledger:2.0', digests: [] },
        components: [
          makeComponent(1, {
            name: 'log4j-core',
            version: '2.14.0',
            purl: `${LOG4J_PURL}@2.14.0?type=jar`,
          }),
          makeComponent(2, {
            name: 'log4j-core',
            version: '2.17.1',
            purl: `${LOG4J_PURL}@2.17.1?type=jar`,
          }),
          makeComponent(3),
        ],
      }),
      sha256: '2'.repeat(64),
      document: '{}',
      uploadedBy: null,
    },
  });

  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async (requests, options) => {
    const principal = options?.credentials.principal as
      | { userEntityRef?: string }
      | undefined;
    const user = principal?.userEntityRef;
    return requests.map(request => ({
      result:
        user === 'user:default/bob' &&
        'resourceRef' in request &&
        request.resourceRef === LEDGER_REF
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    }));
  });
  // Asked without a resource (the impact query): Bob's posture reads as "team-checkout's only".
  permissions.authorizeConditional.mockImplementation(
    async (requests, options) => {
      const principal = options?.credentials.principal as
        | { userEntityRef?: string }
        | undefined;
      return requests.map(request =>
        principal?.userEntityRef === 'user:default/bob' &&
        request.permission.name === 'security.posture.read'
          ? entityOwnerDecision(['user:default/bob', TEAM_CHECKOUT])
          : { result: AuthorizeResult.ALLOW },
      );
    },
  );
  const access = new EntityAccess({
    catalog: catalogServiceMock({
      entities: [...ENTITIES.map(e => component(e.name, e.owner))],
    }),
    permissions,
    grantTtlMs: 0,
  });
  const logger = mockServices.logger.mock();
  const campaignStore = new DatabaseCampaignStore(knex);
  const impactStore = new DatabaseImpactStore(knex);
  const campaignService = new CampaignService({
    store: campaignStore,
    impact: impactStore,
    readable: new ReadableEntitiesResolver({ permissions, logger }),
    permissions,
    auditor: mockServices.auditor.mock(),
  });
  // What the upload hook and the daily pass run, for tests that ship a fixed report.
  const campaignRecomputer = new CampaignRecomputer({
    store: campaignStore,
    impact: impactStore,
    logger,
  });
  const registry = actionsRegistryServiceMock();
  registerPostureActions(registry, {
    postureService: new PostureService({
      access,
      auditor: mockServices.auditor.mock(),
      store,
    }),
    findingsService: new FindingsService({ access, store }),
    impactService: createImpactService({ db: knex, permissions, logger }),
    campaignService,
  });
  return { registry, store, campaignService, campaignRecomputer };
}
