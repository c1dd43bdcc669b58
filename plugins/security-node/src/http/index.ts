export { RateLimiter } from './RateLimiter';
export { ConcurrencyLimiter } from './ConcurrencyLimiter';
export { backoffDelayMs, parseRetryAfter } from './backoff';
export { systemClock } from './clock';
export type { Clock } from './clock';
export { FakeClock } from './FakeClock';
export { withRetries } from './retry';
export type { AttemptFailure, AttemptResult, RetryPolicy } from './retry';
