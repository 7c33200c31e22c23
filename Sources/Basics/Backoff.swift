/// Exponential backoff with "equal jitter": the delay before retry `n` is `base · 2^(n−1)`, capped
/// at `cap`, half of it fixed and half random, so many clients that failed together do not retry
/// in lock step. Sonar calls (`RetryStateMachine`) and serve's history writes both wait this way.
package struct Backoff: Sendable, Hashable {
  package var base: Duration
  package var cap: Duration

  package init(base: Duration, cap: Duration) {
    self.base = base
    self.cap = cap
  }

  /// The wait before retry number `retry` (1 for the first retry).
  package func delay(beforeRetry retry: Int, using random: inout some RandomNumberGenerator) -> Duration {
    let exponent = min(max(retry, 1) - 1, 30)
    var delay = base * (1 << exponent)
    if delay > cap { delay = cap }
    let half = delay / 2
    let fraction = Double(random.next() >> 11) / Double(1 << 53)
    return half + half * fraction
  }
}
