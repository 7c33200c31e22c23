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

/// A tiny deterministic generator (SplitMix64), so jitter and seeded fuzzing repeat exactly.
package struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  package init(seed: UInt64) { state = seed }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
