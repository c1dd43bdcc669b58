import Link from '@material-ui/core/Link';
import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';
import { safeHref } from '../shared/safeHref';

/**
 * The advisory id, linking to the advisory in a new tab. A plain MUI link rather than the
 * core one, which appends hidden "opens in a new window" text to the link: the cell has to
 * read exactly the id so it can be searched for and copied. The URL comes from the uploaded
 * report, so anything but http(s) is shown as the plain id.
 */
export function FindingLink(props: { finding: VulnerabilityItem }) {
  const { id, title } = props.finding;
  const url = safeHref(props.finding.url);
  if (!url) {
    return <span title={title ?? undefined}>{id}</span>;
  }
  return (
    <Link
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      title={title ?? undefined}
    >
      {id}
    </Link>
  );
}
