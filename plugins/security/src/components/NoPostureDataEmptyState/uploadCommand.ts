/**
 * The CI step that feeds Posture for one entity. `$BACKSTAGE_URL` and
 * `$POSTURE_UPLOAD_TOKEN` stay shell variables: the token is a CI secret and must never
 * be rendered into the page.
 */
export function uploadCommand(entityRef: string): string {
  return [
    `curl -X POST "$BACKSTAGE_URL/api/security/v1/reports?entityRef=${entityRef}" \\`,
    `  -H "Authorization: Bearer $POSTURE_UPLOAD_TOKEN" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  --data-binary @trivy-report.json`,
  ].join('\n');
}
