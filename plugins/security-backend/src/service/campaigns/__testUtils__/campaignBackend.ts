import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type BackstageCredentials,
  type BackstageUserPrincipal,
  type PermissionsService,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import vexModule from '@posture/backstage-plugin-security-backend-module-vex';
import type { Server } from 'http';
import type { Knex } from 'knex';
import request from 'supertest';
import { securityPlugin } from '../../../plugin';
import { entityOwnerDecision } from '../../../__testUtils__/catalogDecisions';
import {
  recordingAuditor,
  recordingNotifications,
} from '../../../__testUtils__/secretRequestHarness';
import { BackgroundTasks } from '../../background/BackgroundTasks';
import { securityBackgroundTasksServiceRef } from '../../background/backgroundTasksServiceRef';

/*
 * The whole security plugin for the campaign tests: the Trivy and VEX formats, a catalog of
 * three services of two teams, a platform user who may manage campaigns and a payments
 * developer who may read only payments' posture, recorded notifications and audit events,
 * the background queue to await, and a scheduler whose tasks run when a test says.
 */

export const PLATFORM = 'user:default/platform-lead';
export const PAYMENTS_DEV = 'user:default/payments-dev';
export const PAYMENTS = 'group:default/team-payments';
export const IDENTITY = 'group:default/team-identity';
export const API = 'component:default/payments-api';
export const BILLING = 'component:default/billing';
export const LOGIN = 'component:default/login';

export const as = (user: string) => mockCredentials.user.header(user);

const DAY = 86_400_000;

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'posture.dev/image': `ghcr.io/acme/${name}` },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

export const CATALOG: Entity[] = [
  component('payments-api', 'team-payments'),
  component('billing', 'team-payments'),
  component('login', 'team-identity'),
];

export const digestOf = (name: string) =>
  `sha256:${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`;

/**
 * A Trivy scan (with `--list-all-pkgs`) of `ghcr.io/acme/<name>` made `minutesAgo` ago, listing
 * log4j-core at `log4jVersion` and, below 2.15.0, its Log4Shell finding.
 */
export function trivyScan(options: {
  name: string;
  log4jVersion: string;
  minutesAgo: number;
}): string {
  const { name, log4jVersion } = options;
  const purl = `pkg:maven/org.apache.logging.log4j/log4j-core@${log4jVersion}`;
  const vulnerable = log4jVersion < '2.15.0';
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: new Date(Date.now() - options.minutesAgo * 60_000).toISOString(),
    ArtifactName: `ghcr.io/acme/${name}:1.0`,
    ArtifactType: 'container_image',
    Metadata: { RepoDigests: [`ghcr.io/acme/${name}@${digestOf(name)}`] },
    Results: [
      {
        Target: 'Java',
        Class: 'lang-pkgs',
        Type: 'jar',
        Packages: [
          {
            Name: 'org.apache.logging.log4j:log4j-core',
            Version: log4jVersion,
            Identifier: { PURL: purl },
          },
        ],
        Vulnerabilities: vulnerable
          ? [
              {
                VulnerabilityID: 'CVE-2021-44228',
                VendorIDs: ['GHSA-jfh8-c2jp-5v3q'],
                PkgName: 'org.apache.logging.log4j:log4j-core',
                PkgIdentifier: { PURL: purl },
                InstalledVersion: log4jVersion,
                FixedVersion: '2.15.0',
                Severity: 'CRITICAL',
                Status: 'fixed',
              },
            ]
          : [],
      },
    ],
  });
}

/** An OpenVEX statement that Log4Shell does not affect the service's image. */
export function notAffectedVex(name: string): string {
  return JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://acme.example/vex/${name}`,
    author: 'Acme Security <security@acme.example>',
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    version: 1,
    statements: [
      {
        vulnerability: { name: 'CVE-2021-44228' },
        products: [
          {
            '@id': `pkg:oci/${name}@${digestOf(name).replace(
              ':',
              '%3A',
            )}?repository_url=ghcr.io%2Facme%2F${name}`,
          },
        ],
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impact_statement: 'JNDI lookups are disabled.',
      },
    ],
  });
}

function userOf(credentials: BackstageCredentials): string | undefined {
  return (credentials.principal as Partial<BackstageUserPrincipal>)
    .userEntityRef;
}

/** Only the platform lead manages campaigns; the payments developer reads only payments'. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    authorize: async (requests, { credentials }) =>
      requests.map(r => ({
        result:
          r.permission.name !== 'security.campaign.manage' ||
          userOf(credentials) === PLATFORM
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(r =>
        userOf(credentials) === PAYMENTS_DEV &&
        r.permission.name === 'security.posture.read'
          ? entityOwnerDecision([PAYMENTS_DEV, PAYMENTS])
          : { result: AuthorizeResult.ALLOW },
      ),
  }),
});

export type CampaignBackend = Awaited<ReturnType<typeof startCampaignBackend>>;

export async function startCampaignBackend(options: { knex: Knex }) {
  const auditor = recordingAuditor();
  const tasks = new BackgroundTasks(mockServices.logger.mock());
  const notifications = recordingNotifications();
  let scheduler: SchedulerService | undefined;
  const schedulerCatcher = createBackendModule({
    pluginId: 'security',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { plugin: coreServices.scheduler },
        async init({ plugin }) {
          scheduler = plugin;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      securityPlugin,
      trivyModule,
      vexModule,
      createServiceFactory({
        service: securityBackgroundTasksServiceRef,
        deps: { lifecycle: coreServices.lifecycle },
        factory({ lifecycle }) {
          lifecycle.addShutdownHook(() => tasks.drain());
          return tasks;
        },
      }),
      auditor.factory,
      notifications.factory,
      permissions,
      schedulerCatcher,
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.database.factory({ knex: options.knex }),
      catalogServiceMock.factory({ entities: CATALOG }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  const server: Server = backend.server;
  // The catalog walk records each entity's owner (posture_entities), as the daily regrade does.
  await scheduler!.triggerTask('security-regrade');

  const base = '/api/security/v1/campaigns';
  const api = {
    server,
    tasks,
    auditor,
    notifications,
    stop: () => backend.stop(),
    /** Runs the daily campaign pass as the scheduler would. */
    runDaily: () => scheduler!.triggerTask('security-campaigns'),
    create: (body: unknown, user = PLATFORM) =>
      request(server)
        .post(base)
        .set('Authorization', as(user))
        .send(body as object),
    list: (query: Record<string, string> = {}, user = PLATFORM) =>
      request(server).get(base).query(query).set('Authorization', as(user)),
    get: (id: string, user = PLATFORM) =>
      request(server)
        .get(`${base}/${encodeURIComponent(id)}`)
        .set('Authorization', as(user)),
    close: (id: string, user = PLATFORM) =>
      request(server)
        .post(`${base}/${encodeURIComponent(id)}/close`)
        .set('Authorization', as(user)),
    /** Uploads as CI and waits for what the upload queued (campaign recomputation). */
    upload: async (body: string) => {
      const res = await request(server)
        .post('/api/security/v1/reports')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(body);
      await tasks.whenIdle();
      return res;
    },
    deleteReport: async (entityRef: string, reportId: string) => {
      const [, rest] = entityRef.split(':');
      const [namespace, name] = rest.split('/');
      const res = await request(server)
        .delete(
          `/api/security/v1/entities/component/${namespace}/${name}/reports/${reportId}`,
        )
        .set('Authorization', mockCredentials.service.header());
      await tasks.whenIdle();
      return res;
    },
  };
  return api;
}

/** A deadline `days` from today (UTC), as YYYY-MM-DD. */
export function deadlineIn(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}
