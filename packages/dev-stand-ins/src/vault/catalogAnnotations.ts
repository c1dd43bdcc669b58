import fs from 'fs';
import path from 'path';

/** The Vault-related annotations of one catalog component. */
export interface VaultAnnotations {
  component: string;
  /** vault.io/secrets-path entries; a trailing '/' means a folder. */
  secretPaths: string[];
  /** vault.io/secrets-engine, when set. */
  engine?: string;
  /** posture.dev/vault-static-roles entries. */
  staticRoles: string[];
}

const CATALOG_FILE = path.join('examples', 'catalog', 'components.yaml');

/**
 * examples/catalog/components.yaml of this repository, found by walking up from the working
 * directory: the stand-in runs from source (tsx or Jest) with the repository root or the
 * package as working directory.
 */
export function defaultCatalogPath(startDir = process.cwd()): string {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CATALOG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `no ${CATALOG_FILE} in ${startDir} or any parent directory`,
      );
    }
    dir = parent;
  }
}

function unquote(value: string): string {
  const text = value.trim();
  const quoted = /^(['"])(.*)\1$/.exec(text);
  return quoted ? quoted[2] : text;
}

function annotation(doc: string, key: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`^\\s+${escaped}:\\s*(.+)$`, 'm').exec(doc);
  return match ? unquote(match[1]) : undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
}

/**
 * Reads the annotations with regular expressions rather than a YAML parser: the catalog file
 * is flat, one annotation per line, and this package should not need a YAML dependency.
 */
export function parseVaultAnnotations(yamlText: string): VaultAnnotations[] {
  const result: VaultAnnotations[] = [];
  for (const doc of yamlText.split(/^---\s*$/m)) {
    if (!/^kind:\s*Component\s*$/m.test(doc)) continue;
    const name = /^metadata:\s*\n(?:.*\n)*?\s{2}name:\s*(.+)$/m.exec(doc);
    if (!name) continue;
    const secretPaths = list(annotation(doc, 'vault.io/secrets-path'));
    const staticRoles = list(annotation(doc, 'posture.dev/vault-static-roles'));
    if (secretPaths.length === 0 && staticRoles.length === 0) continue;
    result.push({
      component: unquote(name[1]),
      secretPaths,
      engine: annotation(doc, 'vault.io/secrets-engine'),
      staticRoles,
    });
  }
  return result;
}

export function readVaultAnnotations(
  catalogPath = defaultCatalogPath(),
): VaultAnnotations[] {
  return parseVaultAnnotations(fs.readFileSync(catalogPath, 'utf8'));
}
