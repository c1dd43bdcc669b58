import {
  fetchAnswer,
  type Answer,
} from '../../shared/__testUtils__/fetchAnswer';
import fs from 'fs';
import path from 'path';
import {
  createRekorStandIn,
  CreateRekorStandInOptions,
  RekorStandIn,
} from '../createRekorStandIn';
import { defaultRekorEntriesDir } from '../publicKey';
import type { RunningServer } from '../../vault/server';

export interface RekorHarness {
  rekor: RekorStandIn;
  server: RunningServer;
  call(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string; signal?: AbortSignal },
  ): Promise<Answer>;
}

/** fixtures/rekor/log-entries of the repository. */
export const ENTRIES_DIR = defaultRekorEntriesDir();

/** The DERIVED cosign OCI attestation (dsse) entry and its in-toto subject. */
export const DSSE_UUID =
  '108e9186e8c5677a1d35142cf4d1bfe22c2cd9a43e288742de06f5a483982ea8dbc56ff3dcf75db6';
export const DSSE_SUBJECT =
  'sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4';

/** Reads a file under log-entries as parsed JSON. */
export function entryFixture(rel: string): any {
  return JSON.parse(fs.readFileSync(path.join(ENTRIES_DIR, rel), 'utf8'));
}

/** Starts a stand-in on 127.0.0.1 and a random port, with the fixture entries by default. */
export async function startRekorHarness(
  options: CreateRekorStandInOptions = { entriesDir: ENTRIES_DIR },
): Promise<RekorHarness> {
  const rekor = createRekorStandIn(options);
  const server = await rekor.start(0, '127.0.0.1');
  return {
    rekor,
    server,
    async call(method, urlPath, callOptions = {}) {
      const headers: Record<string, string> = {};
      let body: string | undefined = callOptions.rawBody;
      if (callOptions.body !== undefined) {
        body = JSON.stringify(callOptions.body);
      }
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return fetchAnswer(`${server.url}${urlPath}`, {
        method,
        headers,
        body,
        signal: callOptions.signal,
      });
    },
  };
}

export type { Answer };
