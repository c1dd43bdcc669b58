import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  securityExploitFeedsExtensionPoint,
  type EpssSnapshot,
  type ExploitFeed,
  type KevCatalog,
} from '@posture/backstage-plugin-security-node';
import { kevCatalogPath } from './__testUtils__/fixtures';
import securityModuleKev, { KevFeed } from './index';

/** Stands in for security-backend, which owns the extension point. */
function fakeSecurityPlugin(feeds: {
  kev?: ExploitFeed<KevCatalog>;
  epss?: ExploitFeed<EpssSnapshot>;
}) {
  return createBackendPlugin({
    pluginId: 'security',
    register(env) {
      env.registerExtensionPoint(securityExploitFeedsExtensionPoint, {
        setKnownExploitedFeed: feed => {
          feeds.kev = feed;
        },
        setExploitScoreFeed: feed => {
          feeds.epss = feed;
        },
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

const start = (
  security: object,
  feeds: Parameters<typeof fakeSecurityPlugin>[0],
) =>
  startTestBackend({
    features: [
      fakeSecurityPlugin(feeds),
      securityModuleKev,
      mockServices.rootConfig.factory({ data: { security } }),
    ],
  });

describe('securityModuleKev', () => {
  it('sets the KEV feed from security.kev, and it reads the catalog', async () => {
    const feeds: Parameters<typeof fakeSecurityPlugin>[0] = {};
    const backend = await start(
      { kev: { file: kevCatalogPath(), schedule: { hours: 12 } } },
      feeds,
    );
    try {
      expect(feeds.epss).toBeUndefined();
      expect(feeds.kev).toBeInstanceOf(KevFeed);
      expect(feeds.kev?.location).toBe(kevCatalogPath());
      expect(feeds.kev?.schedule.frequency).toEqual({ hours: 12 });
      const read = await feeds.kev!.read({
        signal: new AbortController().signal,
      });
      expect(read.data.entries).toHaveLength(1404);
    } finally {
      await backend.stop();
    }
  });

  it('sets nothing without security.kev', async () => {
    const feeds: Parameters<typeof fakeSecurityPlugin>[0] = {};
    const backend = await start({}, feeds);
    await backend.stop();
    expect(feeds).toEqual({});
  });

  it('stops start-up naming the key when both or neither source is set', async () => {
    await expect(start({ kev: { timeoutMs: 1000 } }, {})).rejects.toThrow(
      /Invalid config security\.kev: set security\.kev\.url/,
    );
    await expect(
      start(
        { kev: { url: 'https://kev.test/kev.json', file: kevCatalogPath() } },
        {},
      ),
    ).rejects.toThrow(/not both/);
  });
});
