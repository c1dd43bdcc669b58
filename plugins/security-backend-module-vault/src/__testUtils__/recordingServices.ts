import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type AuditorService,
  type LoggerService,
  type PermissionsService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';

/*
 * The security plugin's collaborators, recorded so a test can search everything Posture said:
 * every log line, auditor event and notification. The plugin's own test harness does the same
 * in @posture/backstage-plugin-security-backend's tests, which this package cannot import.
 */

/** An auditor event with its outcome and error, as recorded. */
export interface RecordedAuditEvent {
  eventId: string;
  meta: unknown;
  outcome: 'pending' | 'success' | 'fail';
  outcomeMeta?: unknown;
  error?: { name: string; message: string; stack?: string };
}

export function recordingAuditor() {
  const events: RecordedAuditEvent[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const event: RecordedAuditEvent = {
        eventId: options.eventId,
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
    events,
    /** The outcomes of one event id, in order. */
    outcomes: (eventId: string) =>
      events.filter(e => e.eventId === eventId).map(e => e.outcome),
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

/**
 * A notification service that keeps what it is asked to send. The backend finds services by
 * id, so this ref stands for @backstage/plugin-notifications-node's `notificationService`
 * (id `notifications.service`), which is not a dependency of this package.
 */
export function recordingNotifications() {
  const sent: unknown[] = [];
  const notificationServiceRef = createServiceRef<{
    send(options: unknown): Promise<void>;
  }>({ id: 'notifications.service', scope: 'plugin' });
  return {
    sent,
    factory: createServiceFactory({
      service: notificationServiceRef,
      deps: {},
      factory: () => ({
        async send(options: unknown) {
          sent.push(options);
        },
      }),
    }),
  };
}

type Decision = Awaited<ReturnType<PermissionsService['authorize']>>[number];
// AuthorizeResult.ALLOW, from @backstage/plugin-permission-common (not a dependency here).
const ALLOW = { result: 'ALLOW' } as Decision;

/** Permissions that allow every user everything: the workflow's own rules still apply. */
export const allowAllPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    authorize: async requests => requests.map(() => ALLOW),
    authorizeConditional: async requests => requests.map(() => ALLOW as never),
  }),
});
