import CoreMetrics
import Synchronization

/// Whether this runner is the leader right now (polls schedules, registers Sonar webhooks), also
/// exported as the `sonarflow_leader` gauge (1 leading, 0 not), and the term it leads as
/// `sonarflow_leader_term` (0 while not leading, and on a single-runner store, which has no
/// terms). Always leading on a single-runner store.
final class Leadership: Sendable {
  private let leading: Atomic<Bool>
  private let gauge = Gauge(label: "sonarflow_leader")
  private let termGauge = Gauge(label: "sonarflow_leader_term")

  init(isLeader: Bool) {
    leading = Atomic(isLeader)
    gauge.record(isLeader ? 1 : 0)
    termGauge.record(0)
  }

  var isLeader: Bool { leading.load(ordering: .acquiring) }

  /// Leading in `term`, or (nil) not leading.
  func set(leadingIn term: Int64?) {
    leading.store(term != nil, ordering: .releasing)
    gauge.record(term != nil ? 1 : 0)
    termGauge.record(term ?? 0)
  }
}
