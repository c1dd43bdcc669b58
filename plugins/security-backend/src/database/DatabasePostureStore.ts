import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import type {
  ComponentQuery,
  Grader,
  PostureStore,
  PostureSummaryWrite,
  ReplaceReportResult,
  ReportWrite,
  StoredReport,
  VulnerabilityQuery,
} from './PostureStore';
import { listComponents, listVulnerabilities } from './findingQueries';
import { readPostureRow, writePostureRow } from './postureRows';
import { replaceReport } from './replaceReport';
import {
  applySecretObservations,
  markSecretsStale,
  readSecrets,
  type StoredSecret,
} from './secrets';
import {
  applySignatureObservations,
  markSignaturesStale,
  readSignatures,
  recordUploadedSignature,
} from './signatures';
import { reportDigests } from './reportDigests';
import type {
  PostureObservation,
  SecretObservation,
  SignatureObservation,
} from '@posture/backstage-plugin-security-node';
import type { SignatureItem } from '@posture/backstage-plugin-security-common';
import { type ReportRow, reportFromRow } from './rows';

const migrationsDir = resolvePackagePath(
  '@posture/backstage-plugin-security-backend',
  'migrations',
);

/** {@link PostureStore} over knex, on PostgreSQL or SQLite. */
export class DatabasePostureStore implements PostureStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabasePostureStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabasePostureStore(client);
  }

  private constructor(private readonly db: Knex) {}

  getPosture(entityRef: string): Promise<EntityPosture | undefined> {
    return readPostureRow(this.db, entityRef);
  }

  putPosture(entityRef: string, summary: PostureSummaryWrite): Promise<void> {
    return writePostureRow(this.db, entityRef, summary);
  }

  replaceReport(
    write: ReportWrite,
    grade: Grader,
  ): Promise<ReplaceReportResult> {
    return replaceReport(this.db, write, grade);
  }

  async listReports(entityRef: string): Promise<StoredReport[]> {
    const rows: ReportRow[] = await this.db('reports')
      .where({ entity_ref: entityRef })
      .orderBy('ingested_at', 'desc');
    return rows.map(reportFromRow);
  }

  listVulnerabilities(entityRef: string, query: VulnerabilityQuery) {
    return listVulnerabilities(this.db, entityRef, query);
  }

  listComponents(entityRef: string, query: ComponentQuery) {
    return listComponents(this.db, entityRef, query);
  }

  applySecretObservations(
    entityRef: string,
    source: string,
    observations: SecretObservation[],
    grade: Grader,
    now: Date,
  ): Promise<void> {
    return applySecretObservations(
      this.db,
      entityRef,
      source,
      observations,
      grade,
      now,
    );
  }

  applySignatureObservations(
    entityRef: string,
    source: string,
    observations: SignatureObservation[],
    grade: Grader,
    now: Date,
  ): Promise<void> {
    return applySignatureObservations(
      this.db,
      entityRef,
      source,
      observations,
      grade,
      now,
    );
  }

  recordUploadedSignature(
    entityRef: string,
    observation: SignatureObservation,
    grade: Grader,
    now: Date,
  ): Promise<{ item: SignatureItem; replaced: boolean }> {
    return recordUploadedSignature(this.db, entityRef, observation, grade, now);
  }

  listSignatures(entityRef: string): Promise<SignatureItem[]> {
    return readSignatures(this.db, entityRef);
  }

  markSourceFailed(
    entityRef: string,
    source: string,
    observes: PostureObservation['kind'],
    error: string,
    grade: Grader,
    now: Date,
  ): Promise<void> {
    const mark =
      observes === 'signatures' ? markSignaturesStale : markSecretsStale;
    return mark(this.db, entityRef, source, error, grade, now);
  }

  listSecrets(entityRef: string): Promise<StoredSecret[]> {
    return readSecrets(this.db, entityRef);
  }

  knownDigests(entityRef: string): Promise<string[]> {
    return reportDigests(this.db, entityRef);
  }

  async getReportDocument(
    entityRef: string,
    reportId: string,
  ): Promise<{ report: StoredReport; content: string } | undefined> {
    const row: (ReportRow & { content: string }) | undefined = await this.db(
      'reports',
    )
      .join('report_documents', 'reports.id', 'report_documents.report_id')
      .where({ 'reports.entity_ref': entityRef, 'reports.id': reportId })
      .select('reports.*', 'report_documents.content')
      .first();
    return row
      ? { report: reportFromRow(row), content: row.content }
      : undefined;
  }
}
