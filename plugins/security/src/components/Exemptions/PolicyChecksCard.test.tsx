import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  CheckResult,
  Exemption,
  ExemptionRequest,
} from '@posture/backstage-plugin-security-common';
import {
  isInaccessible,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import {
  backendError,
  checkResult,
  exemption,
} from '../../testing/exemptionFixtures';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { PolicyChecksCard } from './PolicyChecksCard';

const ENTITY = 'component:default/payments';

const failingScan = checkResult({
  check: 'scan-age',
  status: 'fail',
  weight: 20,
  gate: true,
  message: 'The newest scan is 41.5 days old (at most 30)',
  fix: 'Scan in CI on every build; the newest scan is 41.5 days old',
});
const fixable = checkResult({
  check: 'fixable-vulnerabilities',
  status: 'fail',
  weight: 40,
  message: '2 critical findings have a fix',
  fix: 'Upgrade openssl to 3.0.13, rebuild and rescan.',
});
const sbom = checkResult({
  check: 'sbom',
  status: 'pass',
  weight: 10,
  message: 'An SBOM is present',
});
const signature = checkResult({
  check: 'signature',
  status: 'exempt',
  weight: 20,
  message: 'The image is unsigned',
  fix: 'Sign the image in CI with cosign',
  exemption: { id: 'e-1', expiresAt: '2027-01-31T23:59:59.999Z' },
});
const secrets = checkResult({
  check: 'secret-age',
  status: 'missing',
  weight: 10,
  message: 'Secret ages are not known yet',
  fix: 'Check Vault now',
});

function renderCard(
  options: {
    checks?: CheckResult[];
    pending?: Exemption[];
    api?: Partial<SecurityApi>;
    onRequested?: (e: Exemption) => void;
  } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, fakeSecurityApi(options.api)]]}>
      <PolicyChecksCard
        entityRef={ENTITY}
        policy="standard"
        checks={
          options.checks ?? [fixable, failingScan, sbom, signature, secrets]
        }
        pending={options.pending ?? []}
        maxExemptionDays={90}
        onRequested={options.onRequested ?? (() => {})}
      />
    </TestApiProvider>,
  );
}

function item(label: string): HTMLElement {
  const list = screen.getByRole('list', { name: 'Policy checks' });
  const match = within(list)
    .getAllByRole('listitem')
    .find(li => within(li).queryByRole('heading', { name: label }));
  if (!match) throw new Error(`No check ${label}`);
  return match;
}

/** Types by pasting: key by key, a justification takes seconds on a busy machine. */
async function fill(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}

const lastDay = () =>
  DateTime.local().startOf('day').plus({ days: 89 }).toISODate()!;

describe('PolicyChecksCard', () => {
  it('lists every check with its status in words, weight, message, fix and exemption', async () => {
    await renderCard();

    expect(screen.getByText('Policy: standard')).toBeInTheDocument();
    const scan = item('Recent scan');
    expect(within(scan).getByText('Fails')).toBeInTheDocument();
    expect(within(scan).getByText('20 points')).toBeInTheDocument();
    expect(within(scan).getByText('CI gate')).toBeInTheDocument();
    expect(
      within(scan).getByText('The newest scan is 41.5 days old (at most 30)'),
    ).toBeInTheDocument();
    expect(
      within(scan).getByText(
        'Fix: Scan in CI on every build; the newest scan is 41.5 days old',
      ),
    ).toBeInTheDocument();

    expect(within(item('SBOM')).getByText('Passes')).toBeInTheDocument();
    expect(
      within(item('Secret age')).getByText('Not known yet'),
    ).toBeInTheDocument();
    const signed = item('Signed image');
    expect(within(signed).getByText('Exempt')).toBeInTheDocument();
    expect(within(signed).getByText(/Exempt until/)).toHaveTextContent(
      'Exempt until Jan 31, 2027',
    );
  });

  it('announces each check’s status in words to screen readers, not by its colour alone', async () => {
    await renderCard();
    const statuses: Record<string, string> = {
      'Fixable vulnerabilities': 'Fails',
      'Recent scan': 'Fails',
      SBOM: 'Passes',
      'Signed image': 'Exempt',
      'Secret age': 'Not known yet',
    };
    for (const [check, status] of Object.entries(statuses)) {
      // In the accessibility tree: not under aria-hidden, which Backstage's status labels set.
      expect(isInaccessible(within(item(check)).getByText(status))).toBe(false);
    }
  });

  it('offers Request exemption on failing checks only, and not twice', async () => {
    await renderCard({
      pending: [exemption({ check: 'scan-age', status: 'pending' })],
    });
    const offered = screen
      .getAllByRole('button', { name: /^Request exemption: / })
      .map(b => b.getAttribute('aria-label'));
    expect(offered).toEqual(['Request exemption: Fixable vulnerabilities']);
    expect(
      within(item('Recent scan')).getByText(
        'An exemption is waiting for approval.',
      ),
    ).toBeInTheDocument();
    // Unknown data is no failure an exemption could excuse: the card says so instead.
    expect(
      within(item('Secret age')).getByText(
        /An exemption covers a known failure, not missing data/,
      ),
    ).toBeInTheDocument();
  });

  it('says the entity is not graded against a policy yet when there are no checks', async () => {
    await renderCard({ checks: [] });
    expect(
      screen.getByText('Not graded against a policy yet'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('requests an exemption until the end of the chosen day, after saying what is missing', async () => {
    const requestExemption = jest.fn(async (r: ExemptionRequest) =>
      exemption({ check: r.check, expiresAt: r.expiresAt }),
    );
    const onRequested = jest.fn();
    await renderCard({ api: { requestExemption }, onRequested });

    await userEvent.click(
      screen.getByRole('button', { name: 'Request exemption: Recent scan' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Request an exemption: Recent scan',
    });
    // Recent scan is exempted whole: only the checks that count findings take a finding id.
    expect(
      within(dialog).queryByLabelText('Finding id (optional)'),
    ).not.toBeInTheDocument();

    await fill(
      within(dialog).getByLabelText(/Justification/),
      '   too short  ',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    expect(
      within(dialog).getByText(
        'Say why, in at least 10 characters (9 so far).',
      ),
    ).toBeInTheDocument();
    expect(requestExemption).not.toHaveBeenCalled();

    await fill(
      within(dialog).getByLabelText(/Justification/),
      ' because the scanner moves',
    );
    const day = DateTime.local().startOf('day').plus({ days: 10 });
    const date = within(dialog).getByLabelText(/Last day/);
    await userEvent.clear(date);
    await userEvent.type(date, day.toISODate()!);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );

    await waitFor(() => expect(onRequested).toHaveBeenCalled());
    expect(requestExemption).toHaveBeenCalledWith({
      entityRef: ENTITY,
      check: 'scan-age',
      justification: 'too short   because the scanner moves',
      expiresAt: day.endOf('day').toUTC().toISO(),
    });
  });

  it('limits the last day to the longest exemption allowed and says so', async () => {
    const requestExemption = jest.fn();
    await renderCard({ api: { requestExemption } });
    await userEvent.click(
      screen.getByRole('button', { name: 'Request exemption: Recent scan' }),
    );
    const dialog = await screen.findByRole('dialog');
    const date = within(dialog).getByLabelText(/Last day/);
    // Preset to the last day allowed, which the picker cannot go beyond.
    expect(date).toHaveValue(lastDay());
    expect(date).toHaveAttribute('max', lastDay());
    expect(date).toHaveAttribute(
      'min',
      DateTime.local().startOf('day').toISODate(),
    );

    await fill(
      within(dialog).getByLabelText(/Justification/),
      'Waiting for the base image',
    );
    await userEvent.clear(date);
    await userEvent.type(
      date,
      DateTime.local().plus({ days: 120 }).toISODate()!,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    expect(
      within(dialog).getByText(
        `Pick ${DateTime.fromISO(lastDay()).toLocaleString(
          DateTime.DATE_MED,
        )} or an earlier day.`,
      ),
    ).toBeInTheDocument();
    expect(requestExemption).not.toHaveBeenCalled();
  });

  it('sends a finding id for the fixable-vulnerabilities check, trimmed', async () => {
    const requestExemption = jest.fn(async () => exemption());
    await renderCard({ api: { requestExemption } });
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Request exemption: Fixable vulnerabilities',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await fill(
      within(dialog).getByLabelText(/Justification/),
      'No fixed build of the SDK yet',
    );
    await fill(
      within(dialog).getByLabelText('Finding id (optional)'),
      ' CVE-2026-1000 ',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    await waitFor(() =>
      expect(requestExemption).toHaveBeenCalledWith(
        expect.objectContaining({
          check: 'fixable-vulnerabilities',
          findingId: 'CVE-2026-1000',
        }),
      ),
    );
  });

  it('shows the backend’s refusal in the dialog and keeps what was typed', async () => {
    const requestExemption = jest.fn(async () => {
      throw await backendError(
        403,
        'NotAllowedError',
        'Only members of group:default/payments, which owns component:default/payments, may ask for its exemptions',
      );
    });
    const onRequested = jest.fn();
    await renderCard({ api: { requestExemption }, onRequested });
    await userEvent.click(
      screen.getByRole('button', { name: 'Request exemption: Recent scan' }),
    );
    const dialog = await screen.findByRole('dialog');
    await fill(
      within(dialog).getByLabelText(/Justification/),
      'The scanner moves this sprint',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Not requested: Only members of group:default/payments, which owns component:default/payments, may ask for its exemptions',
    );
    expect(within(dialog).getByLabelText(/Justification/)).toHaveValue(
      'The scanner moves this sprint',
    );
    expect(onRequested).not.toHaveBeenCalled();
  });

  it('can be used from the keyboard: open with Enter, focus in the justification, Escape closes', async () => {
    await renderCard({ checks: [failingScan] });
    await userEvent.tab();
    expect(
      screen.getByRole('button', { name: 'Request exemption: Recent scan' }),
    ).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/Justification/)).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });
});
