/**
 * The CI step that feeds Posture for one entity. `$BACKSTAGE_URL` and
 * `$POSTURE_UPLOAD_TOKEN` stay shell variables: the token is a CI secret and must never
 * be rendered into the page.
 */
export function uploadCommand(
  entityRef: string,
  options: {
    /** The document to upload; a Trivy JSON report by default. */
    file?: string;
    /** The image digest a Sigstore bundle is about, which the bundle alone may not say. */
    digest?: string;
  } = {},
): string {
  const digest = options.digest ? `&digest=${options.digest}` : '';
  return [
    `curl -X POST "$BACKSTAGE_URL/api/security/v1/reports?entityRef=${entityRef}${digest}" \\`,
    `  -H "Authorization: Bearer $POSTURE_UPLOAD_TOKEN" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  --data-binary @${options.file ?? 'trivy-report.json'}`,
  ].join('\n');
}
