import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { SignatureObservation } from './postureSources';

/** What the backend knows when an uploaded bundle is judged. @public */
export interface SignatureBundleContext {
  /** The entity the upload was resolved to; its annotations may narrow the signer policy. */
  entity: Entity;
  /** The image digest the bundle must be for, `sha256:<hex>`. */
  digest: string;
}

/**
 * Push path for signatures: judges an uploaded signature bundle for one image digest.
 * @public
 */
export interface SignatureBundleHandler {
  /** Shown in error messages, e.g. `Sigstore bundle`. */
  name: string;
  /** True when the parsed upload is a document this handler judges. */
  detect(document: unknown): boolean;
  /** Image references the document names (e.g. in-toto subject names), to find its entity. */
  references(document: unknown): string[];
  /**
   * A verdict for any bundle, however broken its cryptography. Throws `InputError` only for
   * input that is not a judgeable bundle (unparseable, or missing what it needs to be judged).
   */
  judge(
    document: unknown,
    context: SignatureBundleContext,
  ): Promise<SignatureObservation>;
}

/** @public */
export interface SecuritySignatureBundlesExtensionPoint {
  addSignatureBundleHandler(...handlers: SignatureBundleHandler[]): void;
}

/** @public */
export const securitySignatureBundlesExtensionPoint =
  createExtensionPoint<SecuritySignatureBundlesExtensionPoint>({
    id: 'security.signature-bundles',
  });
