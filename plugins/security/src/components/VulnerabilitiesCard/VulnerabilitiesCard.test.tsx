import { renderInTestApp } from '@backstage/test-utils';
import type { VulnerabilitySummary } from '@posture/backstage-plugin-security-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { report } from '../../testing/fixtures';
import { shortDigest } from './shortDigest';
import { VulnerabilitiesCard } from './VulnerabilitiesCard';

const digest =
  'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904e2f4a5b3c1d0e9f8a7b6c5d4';
const scannedAt = DateTime.now().minus({ hours: 5 });

const summary: VulnerabilitySummary = {
  critical: 2,
  high: 5,
  medium: 11,
  low: 0,
  unknown: 1,
  fixable: { critical: 2, high: 3, medium: 0, low: 0, unknown: 0 },
  scannedAt: scannedAt.toISO()!,
  artifact: 'ghcr.io/acme/payments:1.4.2',
  digest,
  stale: false,
};

describe('VulnerabilitiesCard', () => {
  it('summarises the latest scan', async () => {
    await renderInTestApp(<VulnerabilitiesCard summary={summary} />);

    expect(screen.getByText('2 Critical')).toBeInTheDocument();
    expect(screen.getByText('0 Low')).toBeInTheDocument();
    expect(
      screen.getByText('5 of 19 (2 critical, 3 high)', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getByText('ghcr.io/acme/payments:1.4.2')).toBeInTheDocument();
    expect(screen.queryByText('Also found by Trivy:')).toBeNull();
  });

  it('gives the scan age with the exact time in a tooltip', async () => {
    await renderInTestApp(<VulnerabilitiesCard summary={summary} />);

    const age = screen.getByText('5 hours ago');
    expect(age).toHaveAttribute('dateTime', summary.scannedAt);
    await userEvent.hover(age);

    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      scannedAt.toLocaleString(DateTime.DATETIME_FULL),
    );
  });

  it('shortens the digest but copies all of it', async () => {
    await renderInTestApp(<VulnerabilitiesCard summary={summary} />);

    const short = screen.getByText('sha256:4b82…c5d4');
    expect(short).toHaveAttribute('title', digest);

    // copy-to-clipboard selects the text and runs the copy command, which jsdom lacks.
    let copied: string | undefined;
    const execCommand = jest.fn((command: string) => {
      copied =
        command === 'copy' ? document.getSelection()?.toString() : copied;
      return true;
    });
    Object.assign(document, { execCommand });
    try {
      await userEvent.click(
        screen.getByRole('button', { name: 'Copy digest' }),
      );
    } finally {
      Reflect.deleteProperty(document, 'execCommand');
    }

    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(copied).toBe(digest);
  });

  it('counts what else the Trivy reports found', async () => {
    await renderInTestApp(
      <VulnerabilitiesCard
        summary={summary}
        reports={[
          report({
            format: 'trivy',
            otherFindings: { secrets: 1, misconfigurations: 4 },
          }),
          report({
            id: 'r2',
            format: 'trivy',
            otherFindings: { misconfigurations: 3 },
          }),
          // Only Trivy reports count: an SBOM finds nothing of the kind.
          report({ id: 'r3', otherFindings: { secrets: 99 } }),
        ]}
      />,
    );

    expect(
      screen.getByText('1 secret, 7 misconfigurations'),
    ).toBeInTheDocument();
  });

  it('says how to get a scan when there is none', async () => {
    await renderInTestApp(<VulnerabilitiesCard summary={null} />);

    expect(screen.getByText('Not reported yet')).toBeInTheDocument();
    expect(
      screen.getByText(/Scan the image with Trivy in CI/),
    ).toBeInTheDocument();
  });
});

describe('shortDigest', () => {
  it.each([
    [digest, 'sha256:4b82…c5d4'],
    ['sha256:abcd', 'sha256:abcd'],
    ['0123456789abcdef', '0123…cdef'],
  ])('shortens %s to %s', (input, expected) => {
    expect(shortDigest(input)).toBe(expected);
  });
});
