import type { SecurityApi } from '../api/SecurityApi';

/**
 * A `SecurityApi` whose lists are empty and whose posture request never settles, for tests
 * and the dev harness to override only the methods they exercise.
 */
export function fakeSecurityApi(
  overrides: Partial<SecurityApi> = {},
): SecurityApi {
  return {
    getPosture: () => new Promise(() => {}),
    listVulnerabilities: async () => ({ items: [], totalCount: 0 }),
    listSbom: async () => ({ items: [], totalCount: 0, licenses: [] }),
    listReports: async () => ({ items: [], totalCount: 0 }),
    downloadReportDocument: async () =>
      new Blob(['{}'], { type: 'application/json' }),
    listSecrets: async () => ({ items: [], totalCount: 0 }),
    listSignatures: async () => ({ items: [], totalCount: 0 }),
    refresh: async () => ({ refreshed: ['vault'], errors: {} }),
    getHistory: async () => ({ items: [] }),
    getScorecards: async query => ({
      groupBy: query.groupBy ?? 'owner',
      group: null,
      groups: [],
      entities: [],
      totalEntities: 0,
      trend: [],
    }),
    downloadScorecardsCsv: async () =>
      new Blob(['entityRef\n'], { type: 'text/csv' }),
    listExploitFeeds: async () => ({ items: [] }),
    listExemptions: async () => ({ items: [] }),
    requestExemption: async () => {
      throw new Error('requestExemption is not faked in this test');
    },
    approveExemption: async () => {
      throw new Error('approveExemption is not faked in this test');
    },
    rejectExemption: async () => {
      throw new Error('rejectExemption is not faked in this test');
    },
    listSecretRequests: async () => ({ items: [] }),
    getSecretRequest: async id => {
      throw new Error(`getSecretRequest(${id}) is not faked in this test`);
    },
    createSecretRequest: async () => {
      throw new Error('createSecretRequest is not faked in this test');
    },
    approveSecretRequest: async () => {
      throw new Error('approveSecretRequest is not faked in this test');
    },
    rejectSecretRequest: async () => {
      throw new Error('rejectSecretRequest is not faked in this test');
    },
    retrySecretRequest: async () => {
      throw new Error('retrySecretRequest is not faked in this test');
    },
    getImpact: async query => ({
      items: [],
      totalCount: 0,
      query,
      owners: [],
    }),
    downloadImpactCsv: async () =>
      new Blob(['entityRef\n'], { type: 'text/csv' }),
    listCampaigns: async () => ({ items: [], totalCount: 0 }),
    getCampaign: async id => {
      throw new Error(`getCampaign(${id}) is not faked in this test`);
    },
    createCampaign: async () => {
      throw new Error('createCampaign is not faked in this test');
    },
    closeCampaign: async () => {
      throw new Error('closeCampaign is not faked in this test');
    },
    ...overrides,
  };
}
