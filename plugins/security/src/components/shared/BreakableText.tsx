import { Fragment } from 'react';

/**
 * Image references and paths ("ghcr.io/acme/api:1.4 (debian 12.5)") as text that may wrap
 * after a `/`, `:` or `@`, never in the middle of a name: a line-break opportunity (`<wbr>`)
 * follows each separator.
 */
export function BreakableText(props: { text: string }) {
  const parts = props.text.split(/(?<=[/:@])/);
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
