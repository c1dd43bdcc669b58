import { gradeForScore } from './grading';

describe('gradeForScore', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89, 'B'],
    [80, 'B'],
    [79, 'C'],
    [70, 'C'],
    [69, 'D'],
    [60, 'D'],
    [59, 'F'],
    [0, 'F'],
  ])('%i is %s', (score, grade) => {
    expect(gradeForScore(score)).toBe(grade);
  });
});
