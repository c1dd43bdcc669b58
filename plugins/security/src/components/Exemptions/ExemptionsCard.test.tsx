import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  securityExemptionApprovePermission,
  emptyPosture,
  type EntityPosture,
  type Exemption,
} from '@posture/backstage-plugin-security-common';
import {
  isInaccessible,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import {
  backendError,
  checkResult,
  exemption,
} from '../../testing/exemptionFixtures';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { PolicySection } from './PolicySection';

const ENTITY = 'component:default/payments';

// usePermission keeps answers in a cache shared by every render in the file (SWR, keyed by the
// permission), so one test's "denied" would leak into the next: each test says its own answer.
const mockUsePermission = jest.fn();
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: (input: unknown) => mockUsePermission(input),
}));

const pending = exemption({
  id: 'pending-1',
  check: 'scan-age',
  requester: 'user:default/alice',
  justification: 'The scanner moves to the new cluster this sprint',
  expiresAt: '2027-01-31T23:59:59.999Z',
});
const approved = exemption({
  id: 'approved-1',
  check: 'fixable-vulnerabilities',
  findingId: 'CVE-2026-1000',
  status: 'approved',
  requester: 'user:default/alice',
  approver: 'user:default/carol',
  comment: 'Fine until the SDK ships a fix',
  expiresAt: '2027-02-15T23:59:59.999Z',
  decidedAt: '2026-12-02T10:00:00.000Z',
});

const posture: EntityPosture = {
  ...emptyPosture(ENTITY),
  grade: 'C',
  score: 70,
  policy: 'standard',
  checks: [
    checkResult({ check: 'scan-age', status: 'fail', message: 'Scan is old' }),
  ],
};

function renderSection(
  options: {
    api?: Partial<SecurityApi>;
    canApprove?: boolean;
    onReload?: () => Promise<void>;
  } = {},
) {
  mockUsePermission.mockReturnValue({
    loading: false,
    allowed: Boolean(options.canApprove),
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityApiRef, fakeSecurityApi(options.api)],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <PolicySection
        entityRef={ENTITY}
        posture={posture}
        onReload={options.onReload ?? (async () => {})}
      />
    </TestApiProvider>,
  );
}

async function row(name: string): Promise<HTMLElement> {
  const list = await screen.findByRole('list', { name: 'Exemptions' });
  return within(list).getByRole('listitem', { name: `Exemption: ${name}` });
}

/** A list the test changes, as the backend's would after a decision. */
function listing(...initial: Exemption[]) {
  let items = initial;
  return {
    listExemptions: jest.fn(async () => ({ items })),
    set: (...next: Exemption[]) => {
      items = next;
    },
  };
}

describe('Exemptions card', () => {
  it('lists the entity’s exemptions with status, requester, approver, expiry and justification', async () => {
    const list = listing(pending, approved);
    await renderSection({ api: list });

    const asked = await row('Recent scan');
    expect(within(asked).getByText('Waiting for approval')).toBeInTheDocument();
    expect(within(asked).getByText('alice')).toBeInTheDocument();
    expect(within(asked).getByText('Jan 31, 2027')).toBeInTheDocument();
    expect(
      within(asked).getByText(
        'The scanner moves to the new cluster this sprint',
      ),
    ).toBeInTheDocument();

    const finding = await row('CVE-2026-1000 (Fixable vulnerabilities)');
    expect(within(finding).getByText('Approved')).toBeInTheDocument();
    expect(within(finding).getByText('carol')).toBeInTheDocument();
    expect(
      within(finding).getByText('Comment: Fine until the SDK ships a fix'),
    ).toBeInTheDocument();
    expect(list.listExemptions).toHaveBeenCalledWith({ entityRef: ENTITY });
  });

  it('announces each exemption’s status in words to screen readers', async () => {
    await renderSection({ api: listing(pending, approved) });
    const waiting = within(await row('Recent scan')).getByText(
      'Waiting for approval',
    );
    const decided = within(
      await row('CVE-2026-1000 (Fixable vulnerabilities)'),
    ).getByText('Approved');
    // In the accessibility tree: not under aria-hidden, which Backstage's status labels set.
    expect(isInaccessible(waiting)).toBe(false);
    expect(isInaccessible(decided)).toBe(false);
  });

  it('offers no Approve or Reject without security.exemption.approve', async () => {
    await renderSection({ api: listing(pending), canApprove: false });
    await row('Recent scan');
    expect(
      screen.queryByRole('button', { name: /Approve|Reject/ }),
    ).not.toBeInTheDocument();
    expect(mockUsePermission).toHaveBeenCalledWith({
      permission: securityExemptionApprovePermission,
    });
  });

  it('offers no Approve or Reject, and still lists, in a host without a permission API', async () => {
    mockUsePermission.mockReturnValue({ loading: false, allowed: true });
    await renderInTestApp(
      <TestApiProvider
        apis={[[securityApiRef, fakeSecurityApi(listing(pending))]]}
      >
        <PolicySection
          entityRef={ENTITY}
          posture={posture}
          onReload={async () => {}}
        />
      </TestApiProvider>,
    );
    expect(
      within(await row('Recent scan')).getByText('Waiting for approval'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Approve|Reject/ }),
    ).not.toBeInTheDocument();
  });

  it('approves a pending exemption, then shows it approved and reloads the posture', async () => {
    const list = listing(pending);
    const approveExemption = jest.fn(async () => {
      const decided = {
        ...pending,
        status: 'approved' as const,
        approver: 'user:default/guest',
      };
      list.set(decided);
      return decided;
    });
    const onReload = jest.fn(async () => {});
    await renderSection({
      api: { ...list, approveExemption },
      canApprove: true,
      onReload,
    });

    await userEvent.click(
      await within(await row('Recent scan')).findByRole('button', {
        name: 'Approve exemption: Recent scan',
      }),
    );

    await waitFor(() =>
      expect(
        within(
          screen.getByRole('listitem', { name: 'Exemption: Recent scan' }),
        ).getByText('Approved'),
      ).toBeInTheDocument(),
    );
    expect(approveExemption).toHaveBeenCalledWith('pending-1');
    expect(onReload).toHaveBeenCalled();
    expect(
      screen.queryByRole('button', { name: /Approve exemption/ }),
    ).not.toBeInTheDocument();
  });

  it('rejects without reloading the posture, whose grade a rejection does not change', async () => {
    const list = listing(pending);
    const rejectExemption = jest.fn(async () => {
      const decided = { ...pending, status: 'rejected' as const };
      list.set(decided);
      return decided;
    });
    const onReload = jest.fn(async () => {});
    await renderSection({
      api: { ...list, rejectExemption },
      canApprove: true,
      onReload,
    });
    await userEvent.click(
      await within(await row('Recent scan')).findByRole('button', {
        name: 'Reject exemption: Recent scan',
      }),
    );
    await waitFor(() =>
      expect(
        within(
          screen.getByRole('listitem', { name: 'Exemption: Recent scan' }),
        ).getByText('Rejected'),
      ).toBeInTheDocument(),
    );
    expect(onReload).not.toHaveBeenCalled();
  });

  it('shows the backend’s 403 clearly when the requester tries to approve their own', async () => {
    const approveExemption = jest.fn(async () => {
      throw await backendError(
        403,
        'NotAllowedError',
        'You cannot approve your own exemption',
      );
    });
    const onReload = jest.fn(async () => {});
    await renderSection({
      api: { ...listing(pending), approveExemption },
      canApprove: true,
      onReload,
    });
    const item = await row('Recent scan');
    await userEvent.click(
      within(item).getByRole('button', {
        name: 'Approve exemption: Recent scan',
      }),
    );

    expect(await within(item).findByRole('alert')).toHaveTextContent(
      'Could not approve this exemption: You cannot approve your own exemption',
    );
    expect(within(item).getByText('Waiting for approval')).toBeInTheDocument();
    expect(onReload).not.toHaveBeenCalled();
  });

  it('shows a request at once: waiting under the check, listed under Exemptions', async () => {
    const list = listing();
    const requestExemption = jest.fn(async () => {
      list.set(pending);
      return pending;
    });
    await renderSection({ api: { ...list, requestExemption } });
    expect(await screen.findByText('No exemptions')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Request exemption: Recent scan' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText(/Justification/));
    await userEvent.paste('The scanner moves this sprint');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );

    expect(await row('Recent scan')).toBeInTheDocument();
    expect(
      screen.getByText('An exemption is waiting for approval.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request exemption: Recent scan' }),
    ).not.toBeInTheDocument();
  });

  it('says what failed and retries when the list cannot be loaded', async () => {
    const listExemptions = jest
      .fn()
      .mockRejectedValueOnce(
        await backendError(
          403,
          'NotAllowedError',
          'Not allowed to read the security posture of component:default/payments',
        ),
      )
      .mockResolvedValue({ items: [pending] });
    await renderSection({ api: { listExemptions } });

    expect(
      await screen.findByText(
        /Could not load the exemptions: Not allowed to read the security posture/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await row('Recent scan')).toBeInTheDocument();
  });

  it('keeps the tab working for a posture graded before policies (no checks)', async () => {
    mockUsePermission.mockReturnValue({ loading: false, allowed: true });
    await renderInTestApp(
      <TestApiProvider apis={[[securityApiRef, fakeSecurityApi()]]}>
        <PolicySection
          entityRef={ENTITY}
          // An older backend's posture has no policy or checks keys at all.
          posture={
            {
              ...emptyPosture(ENTITY),
              policy: undefined,
              checks: undefined,
            } as unknown as EntityPosture
          }
          onReload={async () => {}}
        />
      </TestApiProvider>,
    );
    expect(
      screen.getByText('Not graded against a policy yet'),
    ).toBeInTheDocument();
    expect(await screen.findByText('No exemptions')).toBeInTheDocument();
  });
});
