import { randomBytes } from 'crypto';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type AuditorService,
  type LoggerService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { secretRequestPath } from '@posture/backstage-plugin-security-common';
import {
  securitySecretProvisionersExtensionPoint,
  SecretProvisioningError,
  type SecretLocation,
  type SecretProvisioner,
  type SecretProvisioningRequest,
  type SecretProvisioningResult,
} from '@posture/backstage-plugin-security-node';

/** What the fake wrote at one location: the value it generated (never returned) and for whom. */
interface Written {
  value: string;
  requestId: string;
}

/**
 * A provisioner that behaves as the Vault one must: it generates a value in memory, keeps it
 * where a test can find it, and returns only the location, version and policy name. Writing
 * is once per location (a retry of the same request finds its own write; another request's
 * is a conflict). Failures can be queued; `hold()` keeps the next provisionings waiting until
 * released, so a test can have several approvals in flight at once.
 */
export class FakeSecretProvisioner implements SecretProvisioner {
  readonly id = 'fake-vault';
  /** Every provision() call, in order. */
  readonly calls: SecretProvisioningRequest[] = [];
  readonly written = new Map<string, Written>();
  private readonly failures: Error[] = [];
  private readonly lostAnswers: Error[] = [];
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  describe(
    request: Pick<SecretProvisioningRequest, 'entityRef' | 'kind' | 'name'>,
  ): SecretLocation {
    return secretRequestPath(request, {
      kvMount: 'secret',
      databaseMount: 'database',
    });
  }

  async provision(
    request: SecretProvisioningRequest,
  ): Promise<SecretProvisioningResult> {
    this.calls.push(request);
    await this.held;
    const failure = this.failures.shift();
    if (failure) {
      throw failure;
    }
    const { mount, path } = this.describe(request);
    const key = `${mount}/${path}`;
    const existing = this.written.get(key);
    if (existing && existing.requestId !== request.requestId) {
      throw new SecretProvisioningError(
        `${key} already holds a secret that another request wrote`,
        false,
      );
    }
    if (!existing) {
      this.written.set(key, {
        value: randomBytes(32).toString('base64url'),
        requestId: request.requestId,
      });
    }
    const lost = this.lostAnswers.shift();
    if (lost) {
      throw lost;
    }
    return {
      mount,
      path,
      version: request.kind === 'kv' ? 1 : null,
      policyName: `posture-secret-${path.replace(/\//g, '-')}`,
    };
  }

  /** The next provision() calls throw these, in order. */
  failWith(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  /** The next provision() calls write, then throw these (the answer was lost on the way). */
  loseAnswerWith(...errors: Error[]): void {
    this.lostAnswers.push(...errors);
  }

  /** Provisionings wait until {@link FakeSecretProvisioner.releaseAll}. */
  hold(): void {
    this.held = new Promise(resolve => {
      this.release = resolve;
    });
  }

  releaseAll(): void {
    this.release?.();
    this.held = undefined;
  }

  /**
   * Every value generated so far, in each spelling a leak could take: as written (base64url),
   * standard base64 and hex.
   */
  values(): string[] {
    return [...this.written.values()].flatMap(({ value }) => {
      const bytes = Buffer.from(value, 'base64url');
      return [value, bytes.toString('base64'), bytes.toString('hex')];
    });
  }
}

/** A backend module that registers `provisioner` through the security plugin's extension point. */
export function provisionerModule(provisioner: SecretProvisioner) {
  return createBackendModule({
    pluginId: 'security',
    moduleId: 'test-secret-provisioner',
    register(env) {
      env.registerInit({
        deps: { provisioners: securitySecretProvisionersExtensionPoint },
        async init({ provisioners }) {
          provisioners.addSecretProvisioner(provisioner);
        },
      });
    },
  });
}

export interface RecordedAuditEvent {
  eventId: string;
  severityLevel: string | undefined;
  meta: unknown;
  outcome: 'pending' | 'success' | 'fail';
  outcomeMeta?: unknown;
  error?: { name: string; message: string; stack?: string };
}

/** An auditor that keeps every event, its outcome, meta and error, for assertions and searches. */
export function recordingAuditor() {
  const events: RecordedAuditEvent[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const event: RecordedAuditEvent = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta,
        outcome: 'pending',
      };
      events.push(event);
      return {
        async success(params) {
          event.outcome = 'success';
          event.outcomeMeta = params?.meta;
        },
        async fail(params) {
          event.outcome = 'fail';
          event.outcomeMeta = params.meta;
          const error = params.error as Error;
          event.error = {
            name: error.name,
            message: error.message,
            stack: error.stack,
          };
        },
      };
    },
  };
  return {
    auditor,
    events,
    /** [eventId, outcome] of each event, in order, optionally of one event id. */
    outcomes(eventId?: string) {
      return events
        .filter(e => eventId === undefined || e.eventId === eventId)
        .map(e => [e.eventId, e.outcome]);
    },
    factory: createServiceFactory({
      service: coreServices.auditor,
      deps: {},
      factory: () => auditor,
    }),
  };
}

/** A root logger that keeps every line (message, meta and error) at every level. */
export function capturingRootLogger() {
  const lines: string[] = [];
  const make = (fields: Record<string, unknown>): RootLoggerService => {
    const log =
      (level: string) =>
      (message: string, meta?: Error | Record<string, unknown>) => {
        const extra =
          meta instanceof Error
            ? { error: meta.message, name: meta.name, stack: meta.stack }
            : meta;
        lines.push(JSON.stringify({ level, message, ...fields, ...extra }));
      };
    const logger: LoggerService = {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: meta => make({ ...fields, ...meta }),
    };
    return logger as RootLoggerService;
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => make({}),
    }),
  };
}

/** A notification service that keeps what it is asked to send. */
export function recordingNotifications() {
  const sent: NotificationSendOptions[] = [];
  return {
    sent,
    factory: createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({
        async send(options: NotificationSendOptions) {
          sent.push(options);
        },
      }),
    }),
  };
}
