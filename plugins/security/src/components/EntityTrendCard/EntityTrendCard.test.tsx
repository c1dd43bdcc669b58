import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { HistoryListResponse } from '@posture/backstage-plugin-security-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { history } from '../../testing/scorecardFixtures';
import { EntityTrendCard } from './EntityTrendCard';

const entityRef = 'component:default/payments';

function renderCard(getHistory: SecurityApi['getHistory']) {
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, fakeSecurityApi({ getHistory })]]}>
      <EntityTrendCard entityRef={entityRef} />
    </TestApiProvider>,
  );
}

describe('EntityTrendCard', () => {
  it('asks for the last 90 days of the entity and gives every day to screen readers', async () => {
    const getHistory = jest.fn(
      async (): Promise<HistoryListResponse> => ({
        items: history(3, i => ({
          grade: (['C', 'B', 'A'] as const)[i],
          score: [72, 84.4, 93][i],
          checks: {},
        })),
      }),
    );
    await renderCard(getHistory);

    const table = await screen.findByRole('table', {
      name: 'Grade and score per day, last 90 days',
    });
    expect(getHistory).toHaveBeenCalledWith(entityRef, 90);
    const rows = within(table).getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      'DateGradeScore',
      'Nov 29, 2026C72',
      'Nov 30, 2026B84',
      'Dec 1, 2026A93',
    ]);
    expect(
      screen.getByText(
        'Grade C (72) on Nov 29, 2026; grade A (93) on Dec 1, 2026. Lowest score 72, highest 93.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Last 90 days')).toBeInTheDocument();
  });

  it('shows a day without a grade as not graded rather than as a score of zero', async () => {
    await renderCard(async () => ({
      items: history(2, i => ({
        grade: i === 0 ? null : 'D',
        score: i === 0 ? null : 61,
        checks: {},
      })),
    }));

    const table = await screen.findByRole('table');
    expect(
      within(table)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual(['DateGradeScore', 'Nov 30, 2026Not graded—', 'Dec 1, 2026D61']);
  });

  it('says when history starts while there is none yet', async () => {
    await renderCard(async () => ({ items: [] }));

    expect(
      await screen.findByText('History starts with the first daily regrade'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the backend message on failure and loads again on Retry', async () => {
    const getHistory = jest
      .fn<ReturnType<SecurityApi['getHistory']>, []>()
      .mockRejectedValueOnce(new Error('history unavailable'))
      .mockResolvedValue({
        items: history(1, () => ({ grade: 'B', score: 80, checks: {} })),
      });
    await renderCard(getHistory);

    expect(
      await screen.findByText(
        'Error: Could not load the history: history unavailable',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByText('Grade B (80) on Dec 1, 2026.'),
    ).toBeInTheDocument();
    expect(getHistory).toHaveBeenCalledTimes(2);
  });
});
