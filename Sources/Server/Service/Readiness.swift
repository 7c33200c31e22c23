import Synchronization

/// Whether serve has finished starting (queue recovered, webhooks registered): `/readyz`.
package final class Readiness: Sendable {
  private let ready = Atomic<Bool>(false)
  package init() {}
  package var isReady: Bool { ready.load(ordering: .acquiring) }
  package func markReady() { ready.store(true, ordering: .releasing) }
}
