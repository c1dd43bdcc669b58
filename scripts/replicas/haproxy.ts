import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';

export interface LoadBalancerOptions {
  /** Round-robin over every replica, no stickiness. */
  port: number;
  /** Only the first replica: the one-replica side of the load benchmark, in the same run. */
  singlePort: number;
  replicaPorts: number[];
  configFile: string;
  logFile: string;
  /** Debian's haproxy unless POSTURE_HAPROXY says otherwise. */
  binary?: string;
}

/**
 * HAProxy's configuration: plain round-robin with health checks on Backstage's readiness
 * endpoint, so a killed replica leaves the rotation within about two seconds; a request whose
 * connection is refused (the replica just died) is sent to another replica, never one whose
 * request already reached a replica (that could run an upload twice).
 */
export function haproxyConfig(options: LoadBalancerOptions): string {
  const servers = options.replicaPorts
    .map(
      (port, i) =>
        `  server replica-${
          i + 1
        } 127.0.0.1:${port} check inter 1s fall 2 rise 1`,
    )
    .join('\n');
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 300s
  timeout server 300s
  retries 3
  option redispatch
  retry-on conn-failure

frontend posture_all
  bind 127.0.0.1:${options.port}
  default_backend posture_replicas

frontend posture_one
  bind 127.0.0.1:${options.singlePort}
  default_backend posture_replica_one

backend posture_replicas
  balance roundrobin
  option httpchk GET /.backstage/health/v1/readiness
${servers}

backend posture_replica_one
  option httpchk GET /.backstage/health/v1/readiness
  server replica-1 127.0.0.1:${options.replicaPorts[0]} check inter 1s fall 2 rise 1
`;
}

/** Starts HAProxy in the foreground (-db), as a child the harness stops. */
export async function startHaproxy(
  options: LoadBalancerOptions,
): Promise<ChildProcess> {
  await writeFile(options.configFile, haproxyConfig(options));
  const binary = options.binary ?? process.env.POSTURE_HAPROXY ?? 'haproxy';
  const log = createWriteStream(options.logFile);
  const child = spawn(binary, ['-db', '-f', options.configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  await new Promise<void>((resolve, reject) => {
    child.once('error', error =>
      reject(
        new Error(
          `HAProxy could not start (${binary}): ${error.message}. Install Debian's package: apt-get install haproxy`,
        ),
      ),
    );
    child.once('spawn', () => resolve());
  });
  return child;
}
