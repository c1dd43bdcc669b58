import { createRekorStandIn } from './createRekorStandIn';
import { defaultRekorEntriesDir } from './publicKey';

export interface RekorCliOptions {
  port: number;
  host: string;
  /** Folder of entry JSON files; the repository's fixtures/rekor/log-entries by default. */
  entriesDir?: string;
  /** PEM file for GET /api/v1/log/publicKey; the fixtures' public-good key by default. */
  publicKeyPath?: string;
}

const FLAGS = ['port', 'host', 'entries', 'public-key'];

const USAGE = `usage: rekor [--port=3001] [--host=127.0.0.1] [--entries=DIR] [--public-key=FILE]
environment: POSTURE_REKOR_PORT, POSTURE_REKOR_HOST, POSTURE_REKOR_ENTRIES, POSTURE_REKOR_PUBLIC_KEY`;

/** Flags win over environment variables; both are optional. */
export function parseRekorCliArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): RekorCliOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    if (!FLAGS.includes(match[1])) {
      throw new Error(`unknown flag "--${match[1]}"\n${USAGE}`);
    }
    flags.set(match[1], match[2] ?? 'true');
  }
  const portText = flags.get('port') ?? env.POSTURE_REKOR_PORT ?? '3001';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`invalid port "${portText}"`);
  }
  return {
    port,
    host: flags.get('host') ?? env.POSTURE_REKOR_HOST ?? '127.0.0.1',
    entriesDir: flags.get('entries') ?? env.POSTURE_REKOR_ENTRIES,
    publicKeyPath: flags.get('public-key') ?? env.POSTURE_REKOR_PUBLIC_KEY,
  };
}

/** Starts the stand-in and prints how to reach it. */
export async function runRekorCli(
  argv: string[],
  env: Record<string, string | undefined>,
  print: (line: string) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const options = parseRekorCliArgs(argv, env);
  const entriesDir = options.entriesDir ?? defaultRekorEntriesDir();
  const rekor = createRekorStandIn({
    entriesDir,
    publicKeyPath: options.publicKeyPath,
  });
  const server = await rekor.start(options.port, options.host);
  print(`Rekor stand-in listening on ${server.url}`);
  print(`REKOR_URL=${server.url}`);
  const skipped = rekor.state.skipped.map(s => s.file).join(', ');
  print(
    `loaded ${rekor.state.list().length} entries from ${entriesDir}${
      skipped ? ` (skipped ${skipped})` : ''
    }`,
  );
  return server;
}
