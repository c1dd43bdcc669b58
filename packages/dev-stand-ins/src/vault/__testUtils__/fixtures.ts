import fs from 'fs';
import path from 'path';
import { fixturesDir } from '../../fixturesDir';

/** Reads one file of fixtures/vault; throws (failing the test) when it is missing. */
export function vaultFixture(name: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(fixturesDir(), 'vault', name), 'utf8'),
  );
}

/** Keys at every depth; leaves and arrays collapse to a marker, so only structure compares. */
export function keyTree(value: unknown): unknown {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, keyTree((value as Record<string, unknown>)[k])]),
    );
  }
  return '*';
}

/** Like keyTree, but leaves keep their JSON type, so a string where a number belongs fails. */
export function typeTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(typeTree);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, typeTree((value as Record<string, unknown>)[k])]),
    );
  }
  return value === null ? 'null' : typeof value;
}

/** The HTTPResponse envelope of Vault 1.14 (sdk/logical/translate_response.go). */
export const ENVELOPE_KEYS = [
  'auth',
  'data',
  'lease_duration',
  'lease_id',
  'renewable',
  'request_id',
  'warnings',
  'wrap_info',
];
