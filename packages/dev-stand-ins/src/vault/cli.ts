import { createVaultStandIn } from './createVaultStandIn';
import { seedVaultDemo } from './demoSeed';

export interface VaultCliOptions {
  port: number;
  host: string;
  rootToken?: string;
  seed: boolean;
  catalogPath?: string;
}

const USAGE = `usage: vault [--port=8200] [--host=127.0.0.1] [--root-token=TOKEN] [--catalog=FILE] [--no-seed]
environment: POSTURE_VAULT_PORT, POSTURE_VAULT_HOST, POSTURE_VAULT_ROOT_TOKEN, POSTURE_VAULT_CATALOG`;

/** Flags win over environment variables; both are optional. */
export function parseVaultCliArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): VaultCliOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  for (const name of flags.keys()) {
    if (!['port', 'host', 'root-token', 'catalog', 'no-seed'].includes(name)) {
      throw new Error(`unknown flag "--${name}"\n${USAGE}`);
    }
  }
  const portText = flags.get('port') ?? env.POSTURE_VAULT_PORT ?? '8200';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port "${portText}"`);
  }
  return {
    port,
    host: flags.get('host') ?? env.POSTURE_VAULT_HOST ?? '127.0.0.1',
    rootToken: flags.get('root-token') ?? env.POSTURE_VAULT_ROOT_TOKEN,
    seed: !flags.has('no-seed'),
    catalogPath: flags.get('catalog') ?? env.POSTURE_VAULT_CATALOG,
  };
}

/** Starts the stand-in with the demo seed and prints how to reach it. */
export async function runVaultCli(
  argv: string[],
  env: Record<string, string | undefined>,
  print: (line: string) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const options = parseVaultCliArgs(argv, env);
  const vault = createVaultStandIn({ rootToken: options.rootToken });
  const seed = options.seed
    ? seedVaultDemo(vault.state, vault.state.now(), {
        catalogPath: options.catalogPath,
      })
    : undefined;
  const server = await vault.start(options.port, options.host);
  print(`Vault stand-in listening on ${server.url}`);
  print(`VAULT_ADDR=${server.url}`);
  print(`root token: ${vault.rootToken}`);
  if (seed) {
    print(`reader token (metadata only): ${seed.readerToken}`);
    print(
      `provisioner token (creates secrets, static roles and read policies): ${seed.provisionerToken}`,
    );
    print(
      `kubernetes login: role=${seed.kubernetes.role} jwt=${seed.kubernetes.jwt}`,
    );
    print(
      `approle login: role_id=${seed.approle.roleId} secret_id=${seed.approle.secretId}`,
    );
    print(
      `seeded ${seed.secrets.length} secrets on ${vault.state.kv
        .names()
        .join(', ')} and ${seed.staticRoles.length} static roles`,
    );
  }
  return server;
}
