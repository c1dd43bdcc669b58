import type { Knex } from 'knex';
import type { MatrixBackend } from './matrixBackend';
import { ENTITY_PATH } from './matrixFixtures';

/**
 * Every read a user or CI makes of the matrix's service and the fleet, whatever failed: the
 * Security tab's sections, the exploit feeds' status, scorecards, impact and the gate.
 */
const READ_ROUTES = {
  posture: `${ENTITY_PATH}/posture`,
  vulnerabilities: `${ENTITY_PATH}/vulnerabilities?limit=100`,
  sbom: `${ENTITY_PATH}/sbom`,
  signatures: `${ENTITY_PATH}/signatures`,
  secrets: `${ENTITY_PATH}/secrets`,
  history: `${ENTITY_PATH}/history?days=7`,
  feeds: '/api/security/v1/exploit-feeds',
  scorecards: '/api/security/v1/scorecards?groupBy=owner',
  impact: '/api/security/v1/impact?vulnerability=CVE-2021-44228',
  gate: '/api/security/v1/gate/component/default/product-catalog',
} as const;

export type ReadName = keyof typeof READ_ROUTES;

export interface Reads {
  status: Record<ReadName, number>;
  body: Record<ReadName, any>;
  /** Every answer's text, to look for credentials in. */
  text: string;
}

export async function readAll(m: MatrixBackend): Promise<Reads> {
  const names = Object.keys(READ_ROUTES) as ReadName[];
  const answers = await Promise.all(names.map(n => m.get(READ_ROUTES[n])));
  const status = {} as Reads['status'];
  const body = {} as Reads['body'];
  names.forEach((name, i) => {
    status[name] = answers[i].status;
    body[name] = answers[i].body;
  });
  return { status, body, text: answers.map(a => a.text).join('\n') };
}

/** Tables a failed or repeated pass could add rows to. */
const COUNTED_TABLES = [
  'reports',
  'report_documents',
  'vulnerabilities',
  'finding_ids',
  'components',
  'secrets',
  'signatures',
  'source_status',
  'kev_entries',
  'epss_scores',
  'exploit_feeds',
  'entity_posture',
];

export async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const [{ count }] = await knex(table).count({ count: '*' });
    counts[table] = Number(count);
  }
  return counts;
}

/** What the database says about failures, where a credential must never be. */
export async function storedErrors(knex: Knex): Promise<string> {
  const rows = await Promise.all([
    knex('source_status').select('error'),
    knex('secrets').select('error'),
    knex('signatures').select(),
    knex('exploit_feeds').select(),
  ]);
  return JSON.stringify(rows);
}
