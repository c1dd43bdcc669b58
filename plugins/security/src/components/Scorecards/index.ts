export { ScorecardsPage, ScorecardsPageContent } from './ScorecardsPage';
