export { readFeedConfig } from './readFeedConfig';
export type { FeedConfig, FeedSource } from './readFeedConfig';
export { fetchFeedBytes, FeedHttpError } from './fetchFeedBytes';
export type { FetchFeedOptions } from './fetchFeedBytes';
