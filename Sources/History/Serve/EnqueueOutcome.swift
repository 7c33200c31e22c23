import Synchronization

/// Whether an enqueued delivery was new (false: a duplicate of one already stored), set by a
/// store's group-commit batch and read by the caller once the batch is committed.
package final class EnqueueOutcome: Sendable {
  private let inserted = Atomic<Bool>(false)
  package init() {}
  package var isNew: Bool { inserted.load(ordering: .acquiring) }
  package func set(_ value: Bool) { inserted.store(value, ordering: .releasing) }
}
