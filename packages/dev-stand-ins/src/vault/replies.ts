/** The `auth` block of a login or renewal, with the fields Vault 1.14's HTTPAuth always sends. */
export interface HttpAuth {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  token_type: 'service';
  orphan: boolean;
  mfa_requirement: null;
  num_uses: number;
}

/** A backend answer to be wrapped in Vault's response envelope. */
export interface LogicalReply {
  kind: 'logical';
  /** 200 unless set; KV v2 answers a deleted version with 404 and a full envelope. */
  status?: number;
  data: Record<string, unknown> | null;
  auth?: HttpAuth | null;
  warnings?: string[] | null;
  leaseId?: string;
  renewable?: boolean;
  leaseDuration?: number;
  /**
   * Also put `data`'s keys at the top level, as Vault's HTTPSysInjector does for sys/ paths
   * (for clients of the pre-envelope API).
   */
  injectData?: boolean;
}

/** Vault's error body, `{"errors": [...]}`, with the status it comes with. */
export interface ErrorReply {
  kind: 'error';
  status: number;
  errors: string[];
}

/** A write Vault answers with 204 and no body. */
export interface NoContentReply {
  kind: 'no-content';
}

/** A body sent as is, outside the envelope (sys/health). */
export interface RawReply {
  kind: 'raw';
  status: number;
  body: unknown;
}

export type Reply = LogicalReply | ErrorReply | NoContentReply | RawReply;

export function logical(
  data: Record<string, unknown> | null,
  extra: Omit<LogicalReply, 'kind' | 'data'> = {},
): LogicalReply {
  return { kind: 'logical', data, ...extra };
}

export function noContent(): NoContentReply {
  return { kind: 'no-content' };
}

export function raw(status: number, body: unknown): RawReply {
  return { kind: 'raw', status, body };
}

/** The envelope of sdk/logical HTTPResponse (Vault 1.14), plus mount_type when asked for (1.15+). */
export function envelope(
  reply: LogicalReply,
  requestId: string,
  mountType?: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    request_id: requestId,
    lease_id: reply.leaseId ?? '',
    renewable: reply.renewable ?? false,
    lease_duration: reply.leaseDuration ?? 0,
    data: reply.data,
    wrap_info: null,
    warnings: reply.warnings && reply.warnings.length ? reply.warnings : null,
    auth: reply.auth ?? null,
  };
  if (mountType !== undefined) body.mount_type = mountType;
  if (reply.injectData && reply.data && Object.keys(reply.data).length) {
    return { ...reply.data, ...body };
  }
  return body;
}
