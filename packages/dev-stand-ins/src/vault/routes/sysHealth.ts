import { vaultError } from '../errors';
import { raw, Reply } from '../replies';
import { VaultState } from '../state';

type Query = Record<string, string | string[] | undefined>;

function first(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Go's strconv.ParseBool; undefined when the text is not a boolean. */
function parseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/**
 * GET /v1/sys/health as http/sys_health.go answers it: the status code says the node's state
 * (200 active, 429 standby, 472 DR secondary, 473 performance standby, 501 not initialised,
 * 503 sealed), each overridable with a query parameter; the body is the same in every case.
 */
export function sysHealth(state: VaultState, query: Query): Reply {
  const codes: Record<string, number> = {
    uninitcode: 501,
    sealedcode: 503,
    standbycode: 429,
    activecode: 200,
    drsecondarycode: 472,
    performancestandbycode: 473,
  };
  for (const name of Object.keys(codes)) {
    const text = first(query, name);
    if (text === undefined) continue;
    if (!/^\d+$/.test(text)) return vaultError(400);
    codes[name] = Number(text);
  }
  const flags: Record<string, boolean> = {
    standbyok: false,
    perfstandbyok: false,
  };
  for (const name of Object.keys(flags)) {
    const text = first(query, name);
    if (text === undefined) continue;
    const value = parseBool(text);
    if (value === undefined) return vaultError(400);
    flags[name] = value;
  }

  const h = state.health;
  // An uninitialised Vault is also sealed.
  const sealed = h.sealed || !h.initialized;
  let status = codes.activecode;
  if (!h.initialized) status = codes.uninitcode;
  else if (sealed) status = codes.sealedcode;
  else if (h.replicationDrMode === 'secondary') status = codes.drsecondarycode;
  else if (h.performanceStandby) {
    if (!flags.perfstandbyok) status = codes.performancestandbycode;
  } else if (h.standby && !flags.standbyok) status = codes.standbycode;

  const body: Record<string, unknown> = {
    initialized: h.initialized,
    sealed,
    standby: h.standby,
    performance_standby: h.performanceStandby,
    replication_performance_mode: h.replicationPerformanceMode,
    replication_dr_mode: h.replicationDrMode,
    server_time_utc: Math.floor(state.now().getTime() / 1000),
    version: h.version,
  };
  // Sealed nodes cannot read the cluster record; Vault then omits both fields (omitempty).
  if (!sealed) {
    body.cluster_name = h.clusterName;
    body.cluster_id = h.clusterId;
  }
  return raw(status, body);
}
