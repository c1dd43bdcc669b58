export { withRetries } from './retry';
export type { AttemptFailure, AttemptResult, RetryPolicy } from './retry';
export { parseRetryAfter } from './retryAfter';
export { rateLimiter, concurrencyLimiter } from './limiters';
export type { RateLimiter, ConcurrencyLimiter } from './limiters';
export { abortable } from './abortable';
