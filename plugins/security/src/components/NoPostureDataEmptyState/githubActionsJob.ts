import { uploadCommand } from './uploadCommand';

const TRIVY_ACTION = 'aquasecurity/trivy-action@0.28.0';

/**
 * A minimal GitHub Actions workflow that scans the image and uploads the report. Built
 * from plain strings because `${{ … }}` is GitHub's syntax, not a template literal's; the
 * token comes from the repository's secrets and is never rendered into the page.
 */
export function githubActionsJob(
  entityRef: string,
  image: string | undefined,
): string {
  const imageRef = `${image ?? '<image>'}:` + '${{ github.sha }}';
  const curl = uploadCommand(entityRef)
    .split('\n')
    .map(line => `          ${line}`);
  return [
    '# .github/workflows/posture.yml',
    'name: Posture',
    'on:',
    '  push:',
    '    branches: [main]',
    '',
    'jobs:',
    '  scan:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - name: Scan the image with Trivy',
    `        uses: ${TRIVY_ACTION}`,
    '        with:',
    `          image-ref: ${imageRef}`,
    '          format: json',
    '          output: trivy-report.json',
    '      - name: Upload the report to Posture',
    '        env:',
    '          BACKSTAGE_URL: ${{ vars.BACKSTAGE_URL }}',
    '          POSTURE_UPLOAD_TOKEN: ${{ secrets.POSTURE_UPLOAD_TOKEN }}',
    '        run: |',
    ...curl,
  ].join('\n');
}
