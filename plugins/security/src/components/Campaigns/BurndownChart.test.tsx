import type { BurndownPoint } from '@posture/backstage-plugin-security-common';
import { renderInTestApp } from '@backstage/test-utils';
import { BurndownChart } from './BurndownChart';

// jsdom lays nothing out, so the chart is given the width a browser would measure.
jest.mock('react-use/esm/useMeasure', () => ({
  __esModule: true,
  default: () => [() => {}, { width: 600, height: 240 }],
}));

// Recharts draws each series' dots in a layer of their own, so the parts are found by the
// series' name.
function series(container: HTMLElement, name: string) {
  return {
    curve: container.querySelector(`.recharts-line-curve[name="${name}"]`),
    dots: Array.from(
      container.querySelectorAll(`.recharts-line-dot[name="${name}"]`),
    ),
  };
}

const firstDay: BurndownPoint[] = [
  { date: '2026-12-01', remaining: 4, total: 4 },
];

describe('BurndownChart', () => {
  it('shows a first day as one solid dot per series, with no stray dashed mark', async () => {
    const { container } = await renderInTestApp(
      <BurndownChart points={firstDay} />,
    );

    const matched = series(container, 'Matched so far');
    const remaining = series(container, 'Still affected');
    expect(matched.curve).toBeNull();
    expect(remaining.curve).toBeNull();
    expect(matched.dots).toHaveLength(1);
    expect(remaining.dots).toHaveLength(1);
    // Dashes belong to the grey line; a lone dot drawn dashed is a broken ring.
    expect(matched.dots[0]).toHaveAttribute('stroke-dasharray', 'none');
    expect(remaining.dots[0]).not.toHaveAttribute('stroke-dasharray', '4 4');
  });

  it('draws the matched series as a dashed line with solid dots once there are days to join', async () => {
    const { container } = await renderInTestApp(
      <BurndownChart
        points={[
          ...firstDay,
          { date: '2026-12-02', remaining: 3, total: 5 },
          { date: '2026-12-03', remaining: 1, total: 5 },
        ]}
      />,
    );

    const matched = series(container, 'Matched so far');
    expect(matched.curve).toHaveAttribute('stroke-dasharray', '4 4');
    expect(matched.dots).toHaveLength(3);
    for (const dot of matched.dots) {
      expect(dot).toHaveAttribute('stroke-dasharray', 'none');
    }
    expect(series(container, 'Still affected').curve).not.toBeNull();
    expect(
      Array.from(container.querySelectorAll('.recharts-legend-item-text')).map(
        item => item.textContent,
      ),
    ).toEqual(['Matched so far', 'Still affected']);
  });
});
