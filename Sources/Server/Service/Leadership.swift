import Synchronization

/// Whether this runner is the leader right now (polls schedules, registers Sonar webhooks). Always
/// true on a single-runner store.
final class Leadership: Sendable {
  private let leading: Atomic<Bool>
  init(isLeader: Bool) { leading = Atomic(isLeader) }
  var isLeader: Bool { leading.load(ordering: .acquiring) }
  func set(_ value: Bool) { leading.store(value, ordering: .releasing) }
}
