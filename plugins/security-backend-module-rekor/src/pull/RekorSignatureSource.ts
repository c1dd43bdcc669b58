import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { getEntityImages } from '@posture/backstage-plugin-security-common';
import type {
  PostureObservation,
  PostureSource,
  PostureSourceContext,
  SignatureObservation,
} from '@posture/backstage-plugin-security-node';
import type { RekorConfig } from '../config/readRekorConfig';
import type { SigningConfig } from '../config/readSigningConfig';
import { identitiesFor } from '../judge/entityIdentities';
import { summarizeVerdicts } from '../judge/summarizeVerdicts';
import {
  bundleFromRekorEntry,
  parseRekorEntriesResponse,
} from '../verify/rekorEntry';
import { verifyBundle } from '../verify/verifyBundle';
import { verifyLogEntry } from '../verify/verifyLogEntry';
import { invalidVerdict, type SignatureVerdict } from '../verify/types';
import type { RekorClient } from './RekorClient';

/**
 * Pull path: looks each entity's current image digests up in a Rekor v1 log (Rekor indexes
 * in-toto subject digests, so this finds attestations about the image), rebuilds a bundle
 * from each entry and verifies it offline. A log that cannot be read throws, so the backend
 * keeps the last verdicts and marks them stale.
 */
export class RekorSignatureSource implements PostureSource {
  readonly id = 'rekor';
  readonly observes = 'signatures' as const;
  readonly schedule: RekorConfig['schedule'];

  constructor(
    private readonly options: {
      client: RekorClient;
      config: RekorConfig;
      signing: SigningConfig;
      logger?: LoggerService;
    },
  ) {
    this.schedule = options.config.schedule;
  }

  appliesTo(entity: Entity): boolean {
    return getEntityImages(entity).length > 0;
  }

  async collect(
    entity: Entity,
    context: PostureSourceContext,
  ): Promise<PostureObservation> {
    const identities = identitiesFor(entity, this.options.signing.identities);
    const items: SignatureObservation[] = [];
    const digests = context.knownDigests.slice(
      0,
      this.options.config.maxDigestsPerEntity,
    );
    for (const digest of digests) {
      items.push(await this.checkDigest(digest, identities, context.signal));
    }
    return { kind: 'signatures', items };
  }

  private async checkDigest(
    digest: string,
    identities: ReturnType<typeof identitiesFor>,
    signal: AbortSignal,
  ): Promise<SignatureObservation> {
    const { client, config, signing } = this.options;
    const uuids = await client.searchByHash(digest, signal);
    this.options.logger?.debug(
      `Rekor lists ${uuids.length} entr${
        uuids.length === 1 ? 'y' : 'ies'
      } for ${digest}`,
    );
    const verdicts: SignatureVerdict[] = [];
    const unjudged: string[] = [];
    for (const uuid of uuids.slice(0, config.maxEntriesPerDigest)) {
      const response = await client.getEntry(uuid, signal);
      if (response === undefined) continue;
      let entry;
      try {
        [{ entry }] = parseRekorEntriesResponse(response, uuid);
      } catch (error) {
        // The log served something that is not the entry it indexed: evidence, not noise.
        verdicts.push(
          invalidVerdict(
            'attestation',
            `the log's answer does not check out: ${(error as Error).message}`,
          ),
        );
        continue;
      }
      let bundle;
      let notJudgeable: string | undefined;
      try {
        bundle = bundleFromRekorEntry(entry);
        if ('messageSignature' in bundle) {
          // Found only by a payload hash; its signed payload lives in the registry.
          notJudgeable =
            'a cosign image signature, whose payload is not in the log';
        }
      } catch (error) {
        notJudgeable = (error as Error).message;
      }
      if (!bundle || notJudgeable) {
        // Not judgeable as a signature, but the log's own proof still must hold: a forged
        // entry is evidence, a genuine one only "found".
        const logged = verifyLogEntry(entry, signing.trust);
        if (logged.ok) {
          unjudged.push(notJudgeable ?? 'not a signature bundle');
        } else {
          verdicts.push(invalidVerdict('attestation', logged.reason));
        }
        continue;
      }
      verdicts.push(
        await verifyBundle(bundle, {
          trust: signing.trust,
          expectedDigest: digest,
          identities,
        }),
      );
    }
    return summarizeVerdicts(digest, verdicts, {
      unjudged,
      searchUrl: config.searchUrl,
      entries: uuids.length,
    });
  }
}
