import type { CheckContext, CheckOutcome } from './outcome';

/** An SBOM is present: without one nobody can tell whether a new advisory affects the image. */
export function sbom(context: CheckContext): CheckOutcome {
  const summary = context.sections.sbom;
  if (!summary) {
    return {
      status: 'fail',
      message: "No SBOM: the image's components and licences are not listed",
      fix: 'Generate an SBOM in CI (trivy image --format cyclonedx) and upload it to /api/security/v1/reports.',
    };
  }
  return {
    status: 'pass',
    message: `An SBOM lists ${summary.components} component${
      summary.components === 1 ? '' : 's'
    }`,
    fix: null,
  };
}
