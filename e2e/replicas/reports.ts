import fs from 'fs';
import path from 'path';
import type { APIRequestContext } from '@playwright/test';
import { UPLOAD_TOKEN } from './fixtures';

const REPORTS = path.resolve(__dirname, '../../examples/reports');

/** The example service's report files (scan, SBOM, VEX), as CI would upload them. */
export function exampleReports(service: string): Buffer[] {
  return fs
    .readdirSync(path.join(REPORTS, service))
    .filter(file => file.endsWith('.json'))
    .sort()
    .map(file => fs.readFileSync(path.join(REPORTS, service, file)));
}

/** `POST /api/security/v1/reports` for a component, with the demo's CI token. */
export async function upload(
  request: APIRequestContext,
  baseUrl: string,
  name: string,
  document: Buffer,
): Promise<void> {
  const res = await request.post(
    `${baseUrl}/api/security/v1/reports?entityRef=component:default/${name}`,
    {
      headers: {
        Authorization: `Bearer ${UPLOAD_TOKEN}`,
        'Content-Type': 'application/json',
      },
      data: document,
      timeout: 120_000,
    },
  );
  if (!res.ok()) {
    throw new Error(
      `upload to ${name} through ${baseUrl}: ${res.status()} ${await res.text()}`,
    );
  }
}

/**
 * What a user sees of a component's posture, without what differs between two components
 * with the same reports: their refs, report ids and the times of upload and grading.
 */
export function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !/(At|Ref|Id|Ids|version|cursor)$/.test(key))
        .map(([key, v]) => [key, comparable(v)]),
    );
  }
  return value;
}
