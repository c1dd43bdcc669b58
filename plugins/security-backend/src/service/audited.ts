import type { AuditorService } from '@backstage/backend-plugin-api';

/** Auditor metadata: flat strings, never a secret value or free text a user wrote. */
export type AuditMeta = Record<string, string | number | null>;

/**
 * Runs `action` as one auditor event: success with the metadata of what it returned
 * (`successMeta`), or failure with the error and the metadata known before it ran.
 */
export async function audited<T>(
  auditor: AuditorService,
  options: {
    eventId: string;
    meta: AuditMeta;
    successMeta: (result: T) => AuditMeta;
  },
  action: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId: options.eventId,
    severityLevel: 'medium',
    meta: options.meta,
  });
  try {
    const result = await action();
    await event.success({ meta: options.successMeta(result) });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error, meta: options.meta });
    throw error;
  }
}
