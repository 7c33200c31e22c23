import CoreMetrics
import Synchronization

/// Whether this runner is the leader right now (polls schedules, registers Sonar webhooks), also
/// exported as the `sonarflow_leader` gauge (1 leading, 0 not). Always true on a single-runner store.
final class Leadership: Sendable {
  private let leading: Atomic<Bool>
  private let gauge = Gauge(label: "sonarflow_leader")

  init(isLeader: Bool) {
    leading = Atomic(isLeader)
    gauge.record(isLeader ? 1 : 0)
  }

  var isLeader: Bool { leading.load(ordering: .acquiring) }

  func set(_ value: Bool) {
    leading.store(value, ordering: .releasing)
    gauge.record(value ? 1 : 0)
  }
}
