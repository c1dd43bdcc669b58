import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  VexFormat,
  VexStatus,
} from '@posture/backstage-plugin-security-common';

/** One statement of a VEX document, as a VEX format hands it to the backend. @public */
export interface ParsedVexStatement {
  /** The vulnerability id as written, e.g. `CVE-2023-44487` or `GHSA-...`. */
  vulnerability: string;
  /** Other ids the document gives for it. */
  aliases: string[];
  /**
   * The products (images) the statement is about, as written: an image purl
   * (`pkg:oci/api@sha256:...?repository_url=ghcr.io/acme/api`), an image reference
   * (`ghcr.io/acme/api@sha256:...`, `ghcr.io/acme/api`) or a bare digest (`sha256:...`).
   */
  products: string[];
  /** Package purls the statement is limited to; empty: the whole product. */
  subcomponents: string[];
  status: VexStatus;
  /** OpenVEX justification or the CycloneDX one, as written. */
  justification: string | null;
  impactStatement: string | null;
  actionStatement: string | null;
  /** The statement's own time, else the document's, ISO 8601. */
  timestamp: string;
  /**
   * The statement's author, else the document's. `null` when the document names nobody (many
   * real CycloneDX VEX documents do not): the backend then fills in the uploader of record,
   * the caller of `POST /v1/reports` (e.g. `uploaded by user:default/alice`). A format whose
   * spec requires an author (OpenVEX) refuses the document instead.
   */
  author: string | null;
}

/** A VEX document as parsed. @public */
export interface ParsedVex {
  format: VexFormat;
  statements: ParsedVexStatement[];
}

/**
 * A VEX document format `POST /v1/reports` accepts. Tried before the report formats (a
 * CycloneDX VEX document is also a CycloneDX document).
 * @public
 */
export interface VexFormatHandler {
  format: VexFormat;
  /** Cheap shape sniffing; must not throw. */
  detect(document: unknown): boolean;
  /**
   * Validate and extract; throw `InputError` naming the JSON path of what is wrong (e.g.
   * `statements[2].justification`). Nothing is stored then.
   */
  parse(document: unknown): ParsedVex;
}

/** @public */
export interface SecurityVexFormatsExtensionPoint {
  addVexFormat(...formats: VexFormatHandler[]): void;
}

/**
 * Push path for VEX: modules register the VEX document formats CI can upload.
 * @public
 */
export const securityVexFormatsExtensionPoint =
  createExtensionPoint<SecurityVexFormatsExtensionPoint>({
    id: 'security.vex-formats',
  });
