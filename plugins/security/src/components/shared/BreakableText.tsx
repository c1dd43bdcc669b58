import { Fragment } from 'react';

const IMAGE_SEPARATORS = /(?<=[/:@])/;
const PACKAGE_SEPARATORS = /(?<=[/:@.])/;

/**
 * Image references and paths ("ghcr.io/acme/api:1.4 (debian 12.5)") as text that may wrap
 * after a `/`, `:` or `@`, never in the middle of a name: a line-break opportunity (`<wbr>`)
 * follows each separator. Package names ("org.apache.tomcat.embed:tomcat-embed-core") may
 * also wrap after a dot.
 */
export function BreakableText(props: { text: string; package?: boolean }) {
  const parts = props.text.split(
    props.package ? PACKAGE_SEPARATORS : IMAGE_SEPARATORS,
  );
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}
