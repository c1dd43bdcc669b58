import Link from '@material-ui/core/Link';
import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';

/**
 * The advisory id, linking to the advisory in a new tab. A plain MUI link rather than the
 * core one, which appends hidden "opens in a new window" text to the link: the cell has to
 * read exactly the id so it can be searched for and copied.
 */
export function FindingLink(props: { finding: VulnerabilityItem }) {
  const { id, url, title } = props.finding;
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
