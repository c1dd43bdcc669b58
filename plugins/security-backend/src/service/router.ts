import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi.generated';
import type { FindingsService } from './FindingsService';
import type { PostureService } from './PostureService';
import { parseComponentQuery, parseVulnerabilityQuery } from './queryParsing';
import { IngestionBusyError, IngestionSlots } from './IngestionSlots';
import { createReportBodyReader } from './reportBody';
import type { ReportDeletionService } from './ReportDeletionService';
import type { ReportIngestionService } from './ReportIngestionService';
import type { EntityAccess } from './EntityAccess';
import type { SourceRunner } from './SourceRunner';
import { RefreshTooSoonError } from './RefreshGate';
import type { GateService } from './gate/GateService';
import { addExemptionRoutes } from './exemptions/exemptionRoutes';
import type { ExemptionService } from './exemptions/ExemptionService';
import { addSecretRequestRoutes } from './secretRequests/secretRequestRoutes';
import type { SecretRequestService } from './secretRequests/SecretRequestService';
import { addScorecardsRoute } from './scorecards/scorecardsRoute';
import type { ScorecardsService } from './scorecards/ScorecardsService';
import { addHistoryRoute } from './historyRoute';
import type { HistoryService } from './HistoryService';
import { addExploitFeedsRoute } from './feeds/exploitFeedsRoute';
import type { ExploitFeedsService } from './feeds/ExploitFeedsService';
import { addImpactRoute } from './impact/impactRoute';
import type { ImpactService } from './impact/ImpactService';
import { addCampaignRoutes } from './campaigns/campaignRoutes';
import { databaseUnavailableHandler } from './databaseUnavailableHandler';
import type { CampaignService } from './campaigns/CampaignService';

const REPORTS_PATH = '/v1/reports';

/** HTTP translation only: credentials in, domain call, JSON out. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  postureService: PostureService;
  findingsService: FindingsService;
  ingestionService: ReportIngestionService;
  deletionService: ReportDeletionService;
  sourceRunner: SourceRunner;
  access: EntityAccess;
  maxReportSize: string | number;
  /** Bounds concurrent uploads (default: 2 at once, 20 waiting). */
  ingestionSlots?: IngestionSlots;
  /** The CI gate (`/v1/gate/...`). */
  gate?: GateService;
  /** Exemption requests and decisions (`/v1/exemptions`). */
  exemptions?: ExemptionService;
  /** Self-service secret requests (`/v1/secret-requests`). */
  secretRequests?: SecretRequestService;
  /** The fleet scorecards and their CSV export (`/v1/scorecards`). */
  scorecards?: ScorecardsService;
  /** Daily snapshots of an entity (`/v1/entities/.../history`). */
  history?: HistoryService;
  /** The KEV and EPSS feeds' status (`/v1/exploit-feeds`). */
  exploitFeeds?: ExploitFeedsService;
  /** Where the fleet runs a vulnerability, package, purl or image (`/v1/impact`). */
  impact?: ImpactService;
  /** Saved impact queries with a deadline and a burn-down (`/v1/campaigns`). */
  campaigns?: CampaignService;
}): Promise<express.Router> {
  const {
    httpAuth,
    postureService,
    findingsService,
    ingestionService,
    sourceRunner,
    access,
  } = options;
  const jsonParser = express.json();
  const readReportBody = createReportBodyReader(options.maxReportSize);
  const ingestionSlots =
    options.ingestionSlots ??
    new IngestionSlots({ maxConcurrent: 2, maxQueued: 20 });

  const router = await createOpenApiRouter({
    // Report bodies are read raw by their route, after the caller is authenticated, so the
    // original bytes are kept and an anonymous caller cannot make us buffer 50 MB.
    middleware: [
      (req, res, next) =>
        req.path === REPORTS_PATH ? next() : jsonParser(req, res, next),
    ],
    // Identity is checked by Backstage's httpAuth in each handler (user or service tokens,
    // including external access tokens), not by the validator's reading of `security`.
    validatorOptions: { validateSecurity: false },
  });

  router.post(REPORTS_PATH, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await ingestionService.authorizeUpload(credentials);
    // Taken before the body is read, so a refused upload never has its report in memory.
    const release = await ingestionSlots.acquire().catch(error => {
      if (error instanceof IngestionBusyError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      throw error;
    });
    try {
      const body = await readReportBody(req, res);
      const { entityRef, digest } = req.query;
      const result = await ingestionService.ingest({
        body,
        entityRef: typeof entityRef === 'string' ? entityRef : undefined,
        digest: typeof digest === 'string' ? digest : undefined,
        credentials,
      });
      res.status(result.status).json(result.body);
    } finally {
      release();
    }
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/posture',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await postureService.getPosture(req.params, credentials));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/vulnerabilities',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const query = parseVulnerabilityQuery(req.query);
      res.json(
        await findingsService.listVulnerabilities(
          req.params,
          query,
          credentials,
        ),
      );
    },
  );

  router.get('/v1/entities/:kind/:namespace/:name/sbom', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseComponentQuery(req.query);
    res.json(await findingsService.listSbom(req.params, query, credentials));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/signatures',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await findingsService.listSignatures(req.params, credentials));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/secrets',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await findingsService.listSecrets(req.params, credentials));
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/refresh',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { entity } = await access.authorizeRead(req.params, credentials);
      try {
        res.status(202).json(await sourceRunner.refreshEntity(entity));
      } catch (error) {
        if (error instanceof RefreshTooSoonError) {
          res.setHeader('Retry-After', String(error.retryAfterSeconds));
        }
        throw error;
      }
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/reports',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await findingsService.listReports(req.params, credentials));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/reports/:reportId/document',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { kind, namespace, name, reportId } = req.params;
      const { report, content } = await findingsService.getDocument(
        { kind, namespace, name },
        reportId,
        credentials,
      );
      const fileName = `${name}-${report.format}-${report.id.slice(0, 8)}.json`;
      res
        .status(200)
        .type('application/json')
        .attachment(fileName)
        .send(content);
    },
  );

  router.delete(
    '/v1/entities/:kind/:namespace/:name/reports/:reportId',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { kind, namespace, name, reportId } = req.params;
      await options.deletionService.deleteReport(
        { kind, namespace, name },
        reportId,
        credentials,
      );
      res.status(204).end();
    },
  );

  if (options.scorecards) {
    addScorecardsRoute(router, { httpAuth, scorecards: options.scorecards });
  }

  if (options.history) {
    addHistoryRoute(router, { httpAuth, history: options.history });
  }

  if (options.exploitFeeds) {
    addExploitFeedsRoute(router, {
      httpAuth,
      exploitFeeds: options.exploitFeeds,
    });
  }

  if (options.impact) {
    addImpactRoute(router, { httpAuth, impact: options.impact });
  }

  if (options.campaigns) {
    addCampaignRoutes(router, { httpAuth, campaigns: options.campaigns });
  }

  if (options.exemptions) {
    addExemptionRoutes(router, { httpAuth, exemptions: options.exemptions });
  }

  if (options.secretRequests) {
    addSecretRequestRoutes(router, {
      httpAuth,
      secretRequests: options.secretRequests,
    });
  }

  if (options.gate) {
    const gate = options.gate;
    // CI calls this with a service token (static external access or plugin token); a failing
    // gate is 200 with pass: false, so the caller tells a verdict from an outage.
    router.get('/v1/gate/:kind/:namespace/:name', async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await gate.evaluate(req.params, credentials));
    });
  }

  // Last: a request that could not reach the database answers 503, not 500.
  router.use(databaseUnavailableHandler());

  return router;
}
