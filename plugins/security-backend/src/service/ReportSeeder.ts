import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import fs from 'fs/promises';
import path from 'path';
import type { ReportIngestionService } from './ReportIngestionService';

/**
 * Ingests report files from a directory, as if CI had uploaded them: the demo's example data,
 * or reports copied in by an air-gapped pipeline. Layout: `<dir>/<component-name>/*.json`
 * belongs to `component:default/<component-name>`.
 *
 * Each run only reads files it has not ingested yet (by path, size and mtime), so running it
 * often is cheap; files whose entity the catalog does not know yet are retried next run.
 */
export class ReportSeeder {
  private readonly done = new Set<string>();
  private warnedMissing = false;

  constructor(
    private readonly deps: {
      directory: string;
      ingestion: ReportIngestionService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async run(): Promise<{ ingested: number; pending: number }> {
    const { directory, ingestion, auth, logger } = this.deps;
    let ingested = 0;
    let pending = 0;
    const credentials = await auth.getOwnServiceCredentials();
    for (const file of await this.listFiles()) {
      const stat = await fs.stat(file.path);
      const key = `${file.path}:${stat.size}:${stat.mtimeMs}`;
      if (this.done.has(key)) {
        continue;
      }
      try {
        const result = await ingestion.ingest({
          body: await fs.readFile(file.path),
          entityRef: `component:default/${file.entityName}`,
          credentials,
        });
        this.done.add(key);
        if (result.status === 201) {
          ingested += 1;
        }
      } catch (error) {
        if (error instanceof NotFoundError) {
          pending += 1; // the catalog has not processed the entity yet
        } else {
          this.done.add(key); // a bad file stays bad; say so once
          logger.warn(
            `Could not ingest ${path.relative(directory, file.path)}: ${error}`,
          );
        }
      }
    }
    if (ingested > 0 || pending > 0) {
      logger.info(
        `Seeded ${ingested} report(s) from ${directory}; ${pending} waiting for the catalog`,
      );
    }
    return { ingested, pending };
  }

  private async listFiles(): Promise<
    Array<{ path: string; entityName: string }>
  > {
    const { directory, logger } = this.deps;
    const entries = await fs
      .readdir(directory, { withFileTypes: true })
      .catch(error => {
        if (error.code !== 'ENOENT') throw error;
        if (!this.warnedMissing) {
          logger.warn(
            `security.reports.seedDirectory ${directory} does not exist; nothing to seed`,
          );
          this.warnedMissing = true;
        }
        return [];
      });
    const files: Array<{ path: string; entityName: string }> = [];
    for (const entry of entries
      .filter(e => e.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const folder = path.join(directory, entry.name);
      for (const name of (await fs.readdir(folder)).sort()) {
        if (name.endsWith('.json')) {
          files.push({ path: path.join(folder, name), entityName: entry.name });
        }
      }
    }
    return files;
  }
}
