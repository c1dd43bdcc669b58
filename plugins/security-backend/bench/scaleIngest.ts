/*
 * Ingest at fleet size: new uploads for sample entities through the real push path
 * (ReportIngestionService: JSON parse, format detection and validation, entity resolution,
 * upload access, replaceReport in one transaction with the summary, finding ids, VEX) into the
 * generated fleet. Each sample entity uploads a new CycloneDX SBOM (its stored document with a
 * new timestamp and one component in twenty at a newer version) and a new Trivy scan of its
 * image (its stored scan, dated now), each replacing the current report of its slot.
 */
import type { Knex } from 'knex';
import {
  cycloneDxReportFormat,
  trivyReportFormat,
} from '@posture/backstage-plugin-security-backend-module-trivy';
import type { Entity } from '@backstage/catalog-model';
import type { PostureStore } from '../src/database/PostureStore';
import { EntityResolver } from '../src/service/EntityResolver';
import { ReportIngestionService } from '../src/service/ReportIngestionService';
import { entityRef as entityRefOf, serviceImage } from './impactFleet';
import {
  allowAll,
  ciCredentials,
  serviceAuth,
  silentAuditor,
  standInCatalog,
} from './scaleStandIns';
import type { CpuMeter } from './scaleCpu';
import { spread, timed, type Spread } from './scaleStats';

export interface IngestKind {
  /** Milliseconds per upload. */
  ms: Spread;
  /** Rows (components or findings) per upload, mean. */
  rowsPerReport: number;
  /** Document bytes per upload, mean. */
  bytesPerReport: number;
  /** Rows written per second over all uploads of the kind (their total time). */
  rowsPerSecond: number;
}

export interface IngestResult {
  entities: number;
  sbom: IngestKind;
  scan: IngestKind;
  /** Each upload's milliseconds, in sample order (the partitioning comparison pools them). */
  sbomTimes: number[];
  scanTimes: number[];
}

interface CdxDocument {
  metadata: { timestamp: string };
  components: Array<{ version: string; purl: string; 'bom-ref': string }>;
}

/** The stored SBOM, dated now, every twentieth component upgraded. */
function newerSbom(content: string, now: Date): string {
  const bom = JSON.parse(content) as CdxDocument;
  bom.metadata.timestamp = now.toISOString();
  bom.components.forEach((component, index) => {
    if (index % 20 !== 0) return;
    const upgraded = `${component.version}.1`;
    component.purl = component.purl.replace(
      `@${component.version}`,
      `@${upgraded}`,
    );
    component['bom-ref'] = component.purl;
    component.version = upgraded;
  });
  return JSON.stringify(bom);
}

function newerScan(content: string, now: Date): string {
  const report = JSON.parse(content) as { CreatedAt: string };
  report.CreatedAt = now.toISOString();
  return JSON.stringify(report);
}

export async function measureIngest(options: {
  knex: Knex;
  store: PostureStore;
  entities: Entity[];
  sample: number[];
  cpu?: CpuMeter;
}): Promise<IngestResult> {
  const { knex, store, sample, cpu } = options;
  const ingestion = new ReportIngestionService({
    formats: [trivyReportFormat, cycloneDxReportFormat],
    resolver: new EntityResolver(standInCatalog(options.entities)),
    auth: serviceAuth,
    permissions: allowAll,
    auditor: silentAuditor,
    store,
  });
  const runs = {
    sbom: { times: [] as number[], rows: 0, bytes: 0, cpu: 0 },
    scan: { times: [] as number[], rows: 0, bytes: 0, cpu: 0 },
  };
  const upload = async (
    kind: 'sbom' | 'scan',
    entityRef: string,
    body: string,
  ) => {
    const bytes = Buffer.from(body);
    const cpuStart = cpu?.now() ?? 0;
    const [result, took] = await timed(() =>
      ingestion.ingest({ body: bytes, entityRef, credentials: ciCredentials }),
    );
    runs[kind].cpu += (cpu?.now() ?? 0) - cpuStart;
    if (result.status !== 201) {
      throw new Error(
        `${kind} of ${entityRef} was not stored: ${result.status}`,
      );
    }
    runs[kind].times.push(took);
    runs[kind].rows +=
      kind === 'sbom' ? result.body.components : result.body.findings;
    runs[kind].bytes += bytes.length;
  };
  for (const e of sample) {
    const entityRef = entityRefOf(e);
    const documents: Array<{ format: string; content: string }> = await knex(
      'reports',
    )
      .join('report_documents', 'reports.id', 'report_documents.report_id')
      .where({ 'reports.entity_ref': entityRef, artifact: serviceImage(e) })
      .select('reports.format', 'report_documents.content');
    const sbom = documents.find(d => d.format === 'cyclonedx');
    const scan = documents.find(d => d.format === 'trivy');
    if (!sbom || !scan) {
      throw new Error(`${entityRef} has no generated SBOM or scan document`);
    }
    await upload('sbom', entityRef, newerSbom(sbom.content, new Date()));
    await upload('scan', entityRef, newerScan(scan.content, new Date()));
  }
  const summarize = (run: (typeof runs)['sbom']): IngestKind => {
    const total = run.times.reduce((a, b) => a + b, 0);
    return {
      ms: {
        ...spread(run.times),
        ...(cpu ? { cpu: run.cpu / run.times.length } : {}),
      },
      rowsPerReport: run.rows / run.times.length,
      bytesPerReport: run.bytes / run.times.length,
      rowsPerSecond: run.rows / (total / 1000),
    };
  };
  return {
    entities: sample.length,
    sbom: summarize(runs.sbom),
    scan: summarize(runs.scan),
    sbomTimes: runs.sbom.times,
    scanTimes: runs.scan.times,
  };
}
