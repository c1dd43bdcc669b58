import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type BackendFeature,
  type SchedulerService,
  type BackstageCredentials,
  type BackstageUserPrincipal,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Server } from 'http';
import type { Knex } from 'knex';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import { BackgroundTasks } from '../service/background/BackgroundTasks';
import { securityBackgroundTasksServiceRef } from '../service/background/backgroundTasksServiceRef';
import {
  capturingRootLogger,
  provisionerModule,
  recordingAuditor,
  recordingNotifications,
  type FakeSecretProvisioner,
} from './secretRequestHarness';

/*
 * The whole security plugin with the secret request workflow's collaborators recorded: a fake
 * provisioner (optional), the auditor, the logs, the notifications, and a scheduler whose
 * tasks run only when a test triggers them.
 */

export const ALICE = 'user:default/alice'; // team-a; asks
export const BOB = 'user:default/bob'; // approves for every service
export const ERIN = 'user:default/erin'; // approves for every service
export const CAROL = 'user:default/carol'; // approves for component:default/other only
export const DAVE = 'user:default/dave'; // team-a; approves nothing
export const TEAM_A = 'group:default/team-a';
export const REVIEWERS = 'group:default/security-reviewers';

const APPROVE_ALL = new Set([BOB, ERIN]);
/** Bob may not read this one's posture (nor its requests). */
export const HIDDEN = 'component:default/hidden';
/** Nobody may ask for secrets for this one. */
export const LOCKED = 'component:default/locked';

export const as = (user: string) => mockCredentials.user.header(user);
export const serviceToken = () => mockCredentials.service.header();

const entity = (kind: string, name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

function userOf(credentials: BackstageCredentials): string | undefined {
  return (credentials.principal as Partial<BackstageUserPrincipal>)
    .userEntityRef;
}

const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        const user = userOf(credentials);
        const resourceRef = (r as { resourceRef?: string }).resourceRef;
        const allow = (yes: boolean) => ({
          result: yes ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        });
        switch (r.permission.name) {
          case 'security.secret-request.approve':
            return allow(
              (user !== undefined && APPROVE_ALL.has(user)) ||
                (user === CAROL && resourceRef === 'component:default/other'),
            );
          case 'security.secret-request.create':
            return allow(resourceRef !== LOCKED);
          default:
            return allow(!(user === BOB && resourceRef === HIDDEN));
        }
      }),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  }),
});

export type SecretRequestBackend = Awaited<
  ReturnType<typeof startSecretRequestBackend>
>;

export async function startSecretRequestBackend(options: {
  knex: Knex;
  provisioner?: FakeSecretProvisioner;
  config?: object;
  /** More modules for the plugin (e.g. a posture source). */
  features?: BackendFeature[];
}) {
  const auditor = recordingAuditor();
  // The plugin's background work (a provisioned secret's check), for tests to await.
  const tasks = new BackgroundTasks(mockServices.logger.mock());
  const logs = capturingRootLogger();
  const notifications = recordingNotifications();
  // The plugin's scheduler, caught by a module, so a test can run the expiry pass itself.
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
      ...(options.provisioner ? [provisionerModule(options.provisioner)] : []),
      ...(options.features ?? []),
      createServiceFactory({
        service: securityBackgroundTasksServiceRef,
        deps: { lifecycle: coreServices.lifecycle },
        factory({ lifecycle }) {
          lifecycle.addShutdownHook(() => tasks.drain());
          return tasks;
        },
      }),
      auditor.factory,
      logs.factory,
      notifications.factory,
      permissions,
      schedulerCatcher,
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: {
          security: {
            secretRequests: { approvers: [REVIEWERS] },
            ...options.config,
          },
        },
      }),
      mockServices.database.factory({ knex: options.knex }),
      catalogServiceMock.factory({
        entities: [
          entity('Component', 'api', 'team-a'),
          entity('Component', 'other', 'team-b'),
          entity('Component', 'hidden', 'team-a'),
          entity('Component', 'locked', 'team-a'),
          entity('Component', 'orphan', ''),
          // Same namespace and name as component:default/api: the same derived Vault path.
          entity('API', 'api', 'team-a'),
        ],
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  const { server } = backend;
  const base = '/api/security/v1/secret-requests';
  /** Every response a test received, for the search for values. */
  const responses: string[] = [];
  const keep = async (pending: request.Test) => {
    const res = await pending;
    responses.push(res.text);
    return res;
  };
  const api = {
    ask: (body: object, user = ALICE) =>
      keep(
        request(server).post(base).set('Authorization', as(user)).send(body),
      ),
    askAs: (body: object, authorization: string) =>
      keep(
        request(server)
          .post(base)
          .set('Authorization', authorization)
          .send(body),
      ),
    list: (query: Record<string, string> = {}, user = ALICE) =>
      keep(
        request(server).get(base).query(query).set('Authorization', as(user)),
      ),
    get: (id: string, user = ALICE) =>
      keep(
        request(server)
          .get(`${base}/${encodeURIComponent(id)}`)
          .set('Authorization', as(user)),
      ),
    act: (
      id: string,
      action: 'approve' | 'reject' | 'retry',
      user: string,
      body: object = {},
    ) =>
      keep(
        request(server)
          .post(`${base}/${encodeURIComponent(id)}/${action}`)
          .set('Authorization', as(user))
          .send(body),
      ),
  };
  return {
    server: server as Server,
    api,
    responses,
    auditor,
    logs: logs.lines,
    notifications: notifications.sent,
    tasks,
    /** Runs the expiry pass as the scheduler would. */
    runExpiry: () => scheduler!.triggerTask('security-secret-request-expiry'),
    scheduledTasks: () => scheduler!.getScheduledTasks(),
    stop: () => backend.stop(),
  };
}

/** A valid request body for component:default/api. */
export const kvRequest = (overrides: object = {}) => ({
  entityRef: 'component:default/api',
  kind: 'kv',
  name: 'stripe-key',
  rotationPeriodDays: 30,
  justification: '  The API calls the payment provider  ',
  ...overrides,
});
