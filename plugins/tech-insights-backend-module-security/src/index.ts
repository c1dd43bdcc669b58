/**
 * Tech Insights facts from Posture: each entity's security grade, score, grading policy,
 * policy checks and open critical/high vulnerabilities, for Tech Insights checks and
 * scorecards.
 *
 * @packageDocumentation
 */
export { techInsightsModuleSecurity as default } from './module';
export { createPostureFactRetriever } from './retriever';
export type { PostureFactRetrieverOptions } from './retriever';
export {
  POSTURE_FACT_RETRIEVER_ID,
  POSTURE_FACT_SCHEMA,
  checkFactName,
  postureToFacts,
} from './facts';
export type { PostureFactsSource } from './postureResponse';
