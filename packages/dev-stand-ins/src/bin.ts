/*
 * Entry point for the demo script: `yarn tsx packages/dev-stand-ins/src/bin.ts vault`.
 * The first argument names the stand-in; the rest go to it.
 */
import { runVaultCli } from './vault/cli';

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'vault': {
      // The demo script reads the URL and tokens from stdout.
      // eslint-disable-next-line no-console
      const print = (line: string) => console.log(line);
      const server = await runVaultCli(rest, process.env, print);
      const stop = () => {
        server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    default:
      throw new Error(
        `usage: bin.ts vault [options]  (got "${command ?? ''}")`,
      );
  }
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
