export { ScorecardsPage, ScorecardsPageContent } from './SecurityPages';
