import path from 'node:path';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  securityExploitFeedsExtensionPoint,
  type EpssSnapshot,
  type ExploitFeed,
  type KevCatalog,
} from '@posture/backstage-plugin-security-node';
import { makeEpssFile, tempDir } from './__testUtils__/epssFiles';
import securityModuleEpss, { EpssFeed } from './index';

type Feeds = {
  kev?: ExploitFeed<KevCatalog>;
  epss?: ExploitFeed<EpssSnapshot>;
};

/** Stands in for security-backend, which owns the extension point. */
function fakeSecurityPlugin(feeds: Feeds) {
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

const start = (security: object, feeds: Feeds) =>
  startTestBackend({
    features: [
      fakeSecurityPlugin(feeds),
      securityModuleEpss,
      mockServices.rootConfig.factory({ data: { security } }),
    ],
  });

describe('securityModuleEpss', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());
  const file = path.join(temp.dir, 'epss.csv.gz');
  makeEpssFile(file, ['--rows', '1000']);

  it('sets the EPSS feed from security.epss, and it reads the scores', async () => {
    const feeds: Feeds = {};
    const backend = await start(
      { epss: { file, schedule: { hours: 12 } } },
      feeds,
    );
    try {
      expect(feeds.kev).toBeUndefined();
      expect(feeds.epss).toBeInstanceOf(EpssFeed);
      expect(feeds.epss?.location).toBe(file);
      expect(feeds.epss?.schedule.frequency).toEqual({ hours: 12 });
      const read = await feeds.epss!.read({
        signal: new AbortController().signal,
      });
      expect(read.data.cves).toHaveLength(1000);
    } finally {
      await backend.stop();
    }
  });

  it('sets nothing without security.epss', async () => {
    const feeds: Feeds = {};
    const backend = await start({}, feeds);
    await backend.stop();
    expect(feeds).toEqual({});
  });

  it('stops start-up naming the key when both or neither source is set', async () => {
    await expect(start({ epss: { retries: 1 } }, {})).rejects.toThrow(
      /Invalid config security\.epss: set security\.epss\.url/,
    );
    await expect(
      start({ epss: { url: 'https://epss.test/e.csv.gz', file } }, {}),
    ).rejects.toThrow(/not both/);
  });
});
