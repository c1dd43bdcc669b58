/*
 * Entry point for the demo script: `yarn tsx packages/dev-stand-ins/src/bin.ts vault` (or `rekor`).
 * The first argument names the stand-in; the rest go to it.
 */
import { runRekorCli } from './rekor/cli';
import { runVaultCli } from './vault/cli';

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  // The demo script reads the URL (and Vault's tokens) from stdout.
  // eslint-disable-next-line no-console
  const print = (line: string) => console.log(line);
  let server: { close(): Promise<void> };
  switch (command) {
    case 'vault':
      server = await runVaultCli(rest, process.env, print);
      break;
    case 'rekor':
      server = await runRekorCli(rest, process.env, print);
      break;
    default:
      throw new Error(
        `usage: bin.ts vault|rekor [options]  (got "${command ?? ''}")`,
      );
  }
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
