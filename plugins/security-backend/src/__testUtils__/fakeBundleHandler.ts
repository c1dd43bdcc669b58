import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  securitySignatureBundlesExtensionPoint,
  type SignatureBundleHandler,
} from '@posture/backstage-plugin-security-node';

/**
 * A stand-in bundle handler for router tests: `{ "fakeBundle": { "status", "image"? } }` is
 * judged as that status for whatever digest it is asked about. Real verification lives in the
 * rekor module and is tested there, through this same extension point.
 */
export const fakeBundleHandler: SignatureBundleHandler & {
  judged: Array<{ digest: string; entity: string }>;
} = {
  name: 'fake bundle',
  judged: [],
  detect: doc => typeof doc === 'object' && doc !== null && 'fakeBundle' in doc,
  references(doc) {
    const image = (doc as { fakeBundle: { image?: string } }).fakeBundle.image;
    return image ? [image] : [];
  },
  async judge(doc, context) {
    fakeBundleHandler.judged.push({
      digest: context.digest,
      entity: context.entity.metadata.name,
    });
    const { status } = (
      doc as { fakeBundle: { status: 'verified' | 'invalid' } }
    ).fakeBundle;
    return {
      digest: context.digest,
      status,
      reason: status === 'verified' ? null : 'digest mismatch: fake',
      signer:
        status === 'verified'
          ? { issuer: 'https://issuer.test', subject: 'ci@acme.test' }
          : null,
      logIndex: status === 'verified' ? 42 : null,
      logUrl: status === 'verified' ? 'https://search.test/?logIndex=42' : null,
      integratedTime: status === 'verified' ? '2026-11-20T10:00:00.000Z' : null,
      kind: 'attestation',
      predicateType: null,
      entries: 1,
    };
  },
};

export const fakeBundleModule = createBackendModule({
  pluginId: 'security',
  moduleId: 'fake-bundle',
  register(env) {
    env.registerInit({
      deps: { bundles: securitySignatureBundlesExtensionPoint },
      async init({ bundles }) {
        bundles.addSignatureBundleHandler(fakeBundleHandler);
      },
    });
  },
});
