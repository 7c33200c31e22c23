import Synchronization

/// Whether serve has finished starting: `/readyz`. Ready once it listens (the queue is recovered
/// before) and leadership is settled: this runner registered the Sonar webhooks as leader, or
/// found another runner leading.
package final class Readiness: Sendable {
  private let listening = Atomic<Bool>(false)
  private let settled = Atomic<Bool>(false)
  package init() {}
  package var isReady: Bool { listening.load(ordering: .acquiring) && settled.load(ordering: .acquiring) }
  package func markListening() { listening.store(true, ordering: .releasing) }
  package func markLeadershipSettled() { settled.store(true, ordering: .releasing) }
}
