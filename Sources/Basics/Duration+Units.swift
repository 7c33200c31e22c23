extension Duration {
  /// The duration in whole nanoseconds, rounded toward zero; saturates at `Int64`'s bounds instead
  /// of overflowing.
  package var wholeNanoseconds: Int64 { whole(unitsPerSecond: 1_000_000_000) }

  /// The duration in whole microseconds, rounded toward zero; saturates instead of overflowing.
  package var wholeMicroseconds: Int64 { whole(unitsPerSecond: 1_000_000) }

  /// The duration in whole milliseconds, rounded toward zero; saturates instead of overflowing.
  package var wholeMilliseconds: Int64 { whole(unitsPerSecond: 1_000) }

  /// The duration in milliseconds, with the fraction (for display).
  package var milliseconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
  }

  /// The duration in seconds, with the fraction.
  package var seconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) + Double(attoseconds) / 1e18
  }

  private func whole(unitsPerSecond: Int64) -> Int64 {
    let (seconds, attoseconds) = components
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: unitsPerSecond)
    if overflow { return seconds < 0 ? .min : .max }
    let (sum, overflowOfSum) = scaled.addingReportingOverflow(
      attoseconds / (1_000_000_000_000_000_000 / unitsPerSecond))
    if overflowOfSum { return seconds < 0 ? .min : .max }
    return sum
  }
}
