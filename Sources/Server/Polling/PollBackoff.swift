/// Make's reruns after a polling trigger fails with a connection, rate-limit or timeout error: the
/// next poll comes 1 min, 2 min, 5 min, 10 min, 1 h, 3 h, 12 h, then 24 h after the failure —
/// or at the next scheduled time, whichever is sooner (the schedule goes on meanwhile).
enum PollBackoff {
  static let delays: [Duration] = [
    .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(3_600), .seconds(10_800), .seconds(43_200),
    .seconds(86_400),
  ]

  /// Whether Make stops scheduling after `failures` such failures in a row: the first one and
  /// each of the reruns of its backoff failed.
  static func isExhausted(afterFailures failures: Int) -> Bool { failures > delays.count }

  /// The wait before the next poll after `failures` such failures in a row.
  static func delay(afterFailures failures: Int, scheduled: Duration) -> Duration {
    guard failures > 0 else { return scheduled }
    return min(scheduled, delays[min(failures, delays.count) - 1])
  }
}
