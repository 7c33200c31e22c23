import Synchronization

/// Whether serve can take webhooks: `/readyz`. Ready once it listens (the queue is recovered
/// before) and leadership is settled — this runner registered the Sonar webhooks as leader, or
/// found another runner leading — and for as long as the store takes writes: a failed write of a
/// delivery, or of ``StoreProbe``'s row, makes it not ready until the next probe succeeds.
package final class Readiness: Sendable {
  private let listening = Atomic<Bool>(false)
  private let settled = Atomic<Bool>(false)
  private let storeWritable = Atomic<Bool>(true)
  package init() {}
  package var isStarted: Bool { listening.load(ordering: .acquiring) && settled.load(ordering: .acquiring) }
  package var isStoreWritable: Bool { storeWritable.load(ordering: .acquiring) }
  package func markListening() { listening.store(true, ordering: .releasing) }
  package func markLeadershipSettled() { settled.store(true, ordering: .releasing) }
  /// A write failed: not ready until a probe succeeds.
  package func noteStoreFailure() { storeWritable.store(false, ordering: .releasing) }
  /// Returns whether the store was writable before.
  @discardableResult
  package func setStoreWritable(_ writable: Bool) -> Bool {
    storeWritable.exchange(writable, ordering: .acquiringAndReleasing)
  }
}
