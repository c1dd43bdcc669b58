import express, { Request, Response } from 'express';
import { escapeHtml, factsList, sendHtmlPage } from '../shared/htmlPage';
import { KvMount, KvSecret } from './kvStore';
import { VaultState } from './state';
import { goDuration, rfc3339 } from './time';

/**
 * Why this page exists: the Security tab links each secret to Vault's UI, and the demo's
 * Vault is this stand-in. Real Vault needs a login here; the stand-in only ever shows
 * metadata (versions and times), so the page is open, and no value is ever rendered.
 */
const NOTE =
  '<p class="note">Read-only page of the local Vault stand-in: metadata only, never a secret value.</p>';

function notFound(res: Response, what: string): void {
  sendHtmlPage(res, 404, {
    title: 'Not found · Vault stand-in',
    heading: 'Not found',
    body: `<p>${escapeHtml(what)} does not exist in the Vault stand-in.</p>`,
  });
}

function versionState(mount: KvMount, secret: KvSecret, version: number) {
  const v = secret.versions.get(version);
  if (!v) return 'unknown';
  if (v.destroyed) return 'destroyed';
  if (mount.isDeleted(v)) return 'deleted';
  return 'current value kept';
}

function kvPage(state: VaultState, req: Request, res: Response): void {
  const { mount: mountName, path } = req.params;
  const mount = state.kv.has(mountName) ? state.kv.mount(mountName) : undefined;
  const secret = mount?.get(path);
  if (!mount || !secret) {
    notFound(res, `The secret ${mountName}/${path}`);
    return;
  }
  const versions = [...secret.versions.values()].sort(
    (a, b) => b.version - a.version,
  );
  const rows = versions
    .map(
      v =>
        `<tr><td>${v.version}</td><td>${escapeHtml(
          rfc3339(v.createdTime),
        )}</td><td>${escapeHtml(
          versionState(mount, secret, v.version),
        )}</td></tr>`,
    )
    .join('');
  const custom = Object.entries(secret.customMetadata ?? {});
  sendHtmlPage(res, 200, {
    title: `${mountName}/${path} · Vault stand-in`,
    heading: `${mountName}/${path}`,
    body: `${NOTE}
<h2>Metadata</h2>
${factsList([
  ['Engine', `${mountName} (KV version 2)`],
  ['Current version', String(secret.currentVersion)],
  ['Created', rfc3339(secret.createdTime)],
  ['Updated', rfc3339(secret.updatedTime)],
  ['Maximum versions', String(secret.maxVersions || 10)],
  ['Delete versions after', goDuration(secret.deleteVersionAfterSeconds)],
  ...custom.map(([k, v]): [string, string] => [`Custom: ${k}`, v]),
])}
<h2>Versions</h2>
<table><thead><tr><th scope="col">Version</th><th scope="col">Created</th><th scope="col">State</th></tr></thead><tbody>${rows}</tbody></table>`,
  });
}

function rolePage(state: VaultState, req: Request, res: Response): void {
  const { mount: mountName, name } = req.params;
  const role = state.database.has(mountName)
    ? state.database.mount(mountName).staticRoles.get(name)
    : undefined;
  if (!role) {
    notFound(res, `The static role ${mountName}/${name}`);
    return;
  }
  sendHtmlPage(res, 200, {
    title: `${mountName}/${name} · Vault stand-in`,
    heading: `Static role ${name}`,
    body: `${NOTE}
${factsList([
  ['Engine', `${mountName} (database)`],
  ['Database', role.dbName],
  ['Username', role.username],
  ['Rotation period', goDuration(role.rotationPeriod)],
  [
    'Last rotation',
    role.lastVaultRotation ? rfc3339(role.lastVaultRotation) : 'never',
  ],
])}`,
  });
}

/**
 * The pages of Vault's UI the Security tab links to (see the frontend's vaultUiUrl):
 * `/ui/vault/secrets/<mount>/kv/<path>/details` and `/ui/vault/secrets/<mount>/show/role/<name>`,
 * each dynamic part one URL-encoded segment.
 */
export function vaultUiRouter(state: VaultState): express.Router {
  const router = express.Router();
  router.get('/ui/vault/secrets/:mount/kv/:path/details', (req, res) =>
    kvPage(state, req, res),
  );
  router.get('/ui/vault/secrets/:mount/show/role/:name', (req, res) =>
    rolePage(state, req, res),
  );
  return router;
}
