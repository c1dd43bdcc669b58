import type {
  HistoryItem,
  TrendPoint,
} from '@posture/backstage-plugin-security-common';
import { formatDay } from './formatDay';
import { bucketLabel, GRADE_BUCKETS } from './trendColors';

function rounded(score: number | null): string {
  return score === null ? 'no score' : String(Math.round(score));
}

/**
 * One sentence with what the fleet trend chart shows: where the mean score started and
 * ended, and the grades on the last day.
 */
export function fleetTrendSummary(points: TrendPoint[]): string {
  if (points.length === 0) {
    return 'No daily snapshot yet.';
  }
  const first = points[0];
  const last = points[points.length - 1];
  const grades = GRADE_BUCKETS.filter(bucket => last.grades[bucket] > 0)
    .map(bucket => `${last.grades[bucket]} ${bucketLabel(bucket)}`)
    .join(', ');
  const onLastDay = `On ${formatDay(last.date)}: ${grades || 'no entity'}.`;
  if (points.length === 1) {
    return `Mean score ${rounded(last.score)}. ${onLastDay}`;
  }
  return `Mean score ${rounded(first.score)} on ${formatDay(
    first.date,
  )}, ${rounded(last.score)} on ${formatDay(last.date)}. ${onLastDay}`;
}

function gradeAndScore(item: HistoryItem): string {
  if (item.grade === null) {
    return 'not graded';
  }
  return `grade ${item.grade} (${rounded(item.score)})`;
}

/** One sentence with what an entity's history chart shows: first, last, lowest, highest. */
export function entityTrendSummary(items: HistoryItem[]): string {
  if (items.length === 0) {
    return 'No daily snapshot yet.';
  }
  const first = items[0];
  const last = items[items.length - 1];
  const scores = items
    .map(item => item.score)
    .filter((score): score is number => score !== null);
  const range =
    scores.length > 1
      ? ` Lowest score ${rounded(Math.min(...scores))}, highest ${rounded(
          Math.max(...scores),
        )}.`
      : '';
  const lastPart = `${capitalised(gradeAndScore(last))} on ${formatDay(
    last.date,
  )}.`;
  if (items.length === 1) {
    return `${lastPart}${range}`;
  }
  return `${capitalised(gradeAndScore(first))} on ${formatDay(
    first.date,
  )}; ${gradeAndScore(last)} on ${formatDay(last.date)}.${range}`;
}

function capitalised(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
