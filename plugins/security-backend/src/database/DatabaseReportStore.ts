import type { Knex } from 'knex';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type {
  ComponentQuery,
  ReplaceReportResult,
  ReportStore,
  ReportWrite,
  StoredReport,
  VulnerabilityQuery,
} from './PostureStore';
import { listComponents, listVulnerabilities } from './findingQueries';
import { deleteReport } from './deleteReport';
import { replaceReport } from './replaceReport';
import { reportDigests } from './reportDigests';
import { type ReportRow, reportFromRow } from './rows';
import { storableWrite } from './storableReport';

/** Uploaded reports with their findings, components and original documents. */
export class DatabaseReportStore implements ReportStore {
  constructor(
    private readonly db: Knex,
    private readonly summaries: DatabaseSummaryStore,
  ) {}

  async replaceReport(options: {
    write: ReportWrite;
    now?: Date;
  }): Promise<ReplaceReportResult> {
    return replaceReport(
      this.db,
      this.summaries,
      storableWrite(options.write),
      options.now ?? new Date(),
    );
  }

  deleteReport(options: {
    entityRef: string;
    reportId: string;
    now?: Date;
  }): Promise<StoredReport | undefined> {
    return deleteReport(this.db, this.summaries, {
      ...options,
      now: options.now ?? new Date(),
    });
  }

  async listReports(options: { entityRef: string }): Promise<StoredReport[]> {
    const rows: ReportRow[] = await this.db('reports')
      .where({ entity_ref: options.entityRef })
      .orderBy('ingested_at', 'desc');
    return rows.map(reportFromRow);
  }

  listVulnerabilities(options: {
    entityRef: string;
    query: VulnerabilityQuery;
  }) {
    return listVulnerabilities(this.db, options.entityRef, options.query);
  }

  listComponents(options: { entityRef: string; query: ComponentQuery }) {
    return listComponents(this.db, options.entityRef, options.query);
  }

  knownDigests(options: { entityRef: string }): Promise<string[]> {
    return reportDigests(this.db, options.entityRef);
  }

  async getReportDocument(options: {
    entityRef: string;
    reportId: string;
  }): Promise<{ report: StoredReport; content: string } | undefined> {
    if (options.reportId.includes('\u0000')) {
      // No stored id has one, and PostgreSQL refuses to compare with it.
      return undefined;
    }
    const row: (ReportRow & { content: string }) | undefined = await this.db(
      'reports',
    )
      .join('report_documents', 'reports.id', 'report_documents.report_id')
      .where({
        'reports.entity_ref': options.entityRef,
        'reports.id': options.reportId,
      })
      .select('reports.*', 'report_documents.content')
      .first();
    return row
      ? { report: reportFromRow(row), content: row.content }
      : undefined;
  }
}
