import { render, screen } from '@testing-library/react';
import { gradeCounts, trend } from '../../testing/scorecardFixtures';
import { TrendChart } from './TrendChart';

// jsdom lays nothing out, so the chart is given the width a browser would measure.
jest.mock('react-use/esm/useMeasure', () => ({
  __esModule: true,
  default: () => [() => {}, { width: 600, height: 240 }],
}));

const points = trend(3, i => ({
  grades: gradeCounts({ A: 2, C: i, none: 1 }),
  score: 80 + i,
}));

describe('TrendChart', () => {
  it('stacks one bar segment per grade and day, keyed by a legend in words', () => {
    const { container } = render(<TrendChart points={points} view="grades" />);

    // A and none every day, C on the two days it is non-zero.
    expect(
      container.querySelectorAll('.recharts-bar-rectangle path'),
    ).toHaveLength(3 + 3 + 2);
    const legend = Array.from(
      container.querySelectorAll('.recharts-legend-item-text'),
    ).map(item => item.textContent);
    expect(legend).toEqual(['A', 'B', 'C', 'D', 'F', 'Not graded']);
  });

  it('draws the score as a line over the grade bands', () => {
    const { container } = render(
      <TrendChart points={points} view="score" gradeBands />,
    );

    expect(container.querySelector('.recharts-line-curve')).not.toBeNull();
    expect(container.querySelectorAll('.recharts-reference-area')).toHaveLength(
      5,
    );
    expect(
      Array.from(container.querySelectorAll('.recharts-label')).map(
        label => label.textContent,
      ),
    ).toEqual(['A', 'B', 'C', 'D', 'F']);
  });

  it('is left out of the accessibility tree, where the callers put a table instead', () => {
    render(<TrendChart points={points} view="grades" />);

    expect(screen.getByTestId('trend-chart')).toHaveAttribute(
      'aria-hidden',
      'true',
    );
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});
