import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import epssModule from '@posture/backstage-plugin-security-backend-module-epss';
import kevModule from '@posture/backstage-plugin-security-backend-module-kev';
import rekorModule from '@posture/backstage-plugin-security-backend-module-rekor';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import vaultModule from '@posture/backstage-plugin-security-backend-module-vault';
import {
  createRekorStandIn,
  createVaultStandIn,
  manualDelayTimer,
  seedVaultDemo,
  type RekorStandIn,
  type RunningServer,
  type VaultStandIn,
} from '@posture/dev-stand-ins';
import type { Knex } from 'knex';
import request from 'supertest';
import { securityPlugin } from '../../plugin';
import { recordingAuditor } from '../../__testUtils__/secretRequestHarness';
import { BackgroundTasks } from '../../service/background/BackgroundTasks';
import { securityBackgroundTasksServiceRef } from '../../service/background/backgroundTasksServiceRef';
import { FeedStandIn } from './feedStandIn';
import {
  ENTITY,
  ENTITY_REF,
  EPSS_PATH,
  feedFiles,
  KEV_PATH,
  rekorEntry,
  rekorPublicKeyPem,
  SIGNER,
  TRUSTED_ROOT_PATH,
  trivyScan,
  VAULT_CATALOG_YAML,
} from './matrixFixtures';

/**
 * Per attempt. Short, so a "slow" row costs two timeouts and a backoff, yet long enough that
 * a local stand-in answering a loaded 2-core machine never trips it in a good run.
 */
export const CLIENT_TIMEOUT_MS = 750;
/** Further attempts after the first, for every source and feed. */
export const RETRIES = 1;

/** A server that can go away (connection refused) and come back on the same port. */
export interface Restartable {
  readonly url: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** Never runs by itself: every pass in the matrix is triggered as the scheduler would. */
const MANUAL = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
};

async function restartable(
  start: (port?: number) => Promise<RunningServer>,
): Promise<Restartable> {
  let running: RunningServer | undefined = await start();
  const { url, port } = running;
  return {
    url,
    async stop() {
      await running?.close();
      running = undefined;
    },
    async restart() {
      running ??= await start(port);
    },
  };
}

/** Catches the security plugin's scheduler, so tests trigger its tasks. */
function schedulerCatcher(onScheduler: (s: SchedulerService) => void) {
  return createBackendModule({
    pluginId: 'security',
    moduleId: 'fault-matrix-scheduler',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          onScheduler(scheduler);
        },
      });
    },
  });
}

export type MatrixBackend = Awaited<ReturnType<typeof startMatrixBackend>>;

/**
 * The security backend with every source and feed module, each pointed at its stand-in (Vault,
 * Rekor, a KEV and EPSS download server), on the given database; one service with a scan,
 * a signature, secrets and exploit marks. Nothing runs by itself: tests trigger each task.
 */
export async function startMatrixBackend(options: {
  knex: Knex;
  /** More catalog entities besides the matrix's service, e.g. to upload load to. */
  entities?: Entity[];
}) {
  // Credentials that must never show up in a status, a response or the database.
  const readerToken = `hvs.faults-reader-${randomBytes(12).toString('hex')}`;
  const feedPassword = `feed-password-${randomBytes(12).toString('hex')}`;

  const vaultHeld = manualDelayTimer();
  const vault: VaultStandIn = createVaultStandIn({
    delayTimer: vaultHeld.timer,
  });
  seedVaultDemo(vault.state, vault.state.now(), {
    catalogYaml: VAULT_CATALOG_YAML,
    readerToken,
  });
  const vaultServer = await restartable(port => vault.start(port));

  const rekorHeld = manualDelayTimer();
  const rekor: RekorStandIn = createRekorStandIn({
    publicKeyPem: rekorPublicKeyPem(),
    delayTimer: rekorHeld.timer,
  });
  rekor.state.add(rekorEntry());
  const rekorServer = await restartable(port => rekor.start(port));

  const feeds = new FeedStandIn(feedFiles());
  await feeds.start();
  const feedUrl = (path: string) =>
    `${feeds.url.replace('://', `://posture:${feedPassword}@`)}${path}`;

  const auditor = recordingAuditor();
  const tasks = new BackgroundTasks(mockServices.logger.mock());
  let scheduler: SchedulerService | undefined;
  const backend = await startTestBackend({
    features: [
      securityPlugin,
      trivyModule,
      vaultModule,
      rekorModule,
      kevModule,
      epssModule,
      createServiceFactory({
        service: securityBackgroundTasksServiceRef,
        deps: {},
        factory: () => tasks,
      }),
      auditor.factory,
      schedulerCatcher(s => {
        scheduler = s;
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.database.factory({ knex: options.knex }),
      catalogServiceMock.factory({
        entities: [ENTITY, ...(options.entities ?? [])],
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          security: {
            vault: {
              baseUrl: vaultServer.url,
              auth: { method: 'token', token: readerToken },
              timeoutMs: CLIENT_TIMEOUT_MS,
              retries: RETRIES,
              schedule: MANUAL,
            },
            signing: {
              trustedRoots: [TRUSTED_ROOT_PATH],
              identities: [
                {
                  issuer: SIGNER.issuer,
                  subjectPattern:
                    'https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main',
                },
              ],
            },
            rekor: {
              baseUrl: rekorServer.url,
              timeoutMs: CLIENT_TIMEOUT_MS,
              retries: RETRIES,
              requestsPerSecond: 100,
              schedule: MANUAL,
            },
            kev: {
              url: feedUrl(KEV_PATH),
              timeoutMs: CLIENT_TIMEOUT_MS,
              retries: RETRIES,
              schedule: MANUAL,
            },
            epss: {
              url: feedUrl(EPSS_PATH),
              timeoutMs: CLIENT_TIMEOUT_MS,
              retries: RETRIES,
              schedule: MANUAL,
            },
          },
        },
      }),
    ],
  });
  const server: Server = backend.server;
  const user = mockCredentials.user.header();

  // The scan CI uploads; its new digest queues the signature check, awaited here.
  const upload = await request(server)
    .post(`/api/security/v1/reports?entityRef=${ENTITY_REF}`)
    .set('Authorization', mockCredentials.service.header())
    .set('Content-Type', 'application/json')
    .send(trivyScan());
  if (upload.status !== 201) {
    throw new Error(
      `the matrix scan was refused: ${upload.status} ${upload.text}`,
    );
  }
  await tasks.whenIdle();

  return {
    server,
    knex: options.knex,
    auditor,
    tasks,
    vault,
    vaultHeld,
    vaultServer,
    rekor,
    rekorHeld,
    rekorServer,
    feeds,
    /** Never to be seen outside Vault's and the feed server's own request headers. */
    credentials: [readerToken, feedPassword],
    /** Runs a scheduled task as the scheduler would, and waits for it to end. */
    async trigger(taskId: string): Promise<void> {
      await scheduler!.triggerTask(taskId);
      await tasks.whenIdle();
    },
    get: (path: string) => request(server).get(path).set('Authorization', user),
    /** Uploads a report as CI does, for the entity named in the query. */
    upload: (entityRef: string, body: string) =>
      request(server)
        .post(`/api/security/v1/reports?entityRef=${entityRef}`)
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(body),
    async stop(): Promise<void> {
      await backend.stop();
      await Promise.all([vaultServer.stop(), rekorServer.stop(), feeds.stop()]);
    },
  };
}
