package import Foundation
import Synchronization

/// The stored form of the trigger bundles of executions a store has begun and not yet finished,
/// so that `finish` reuses what `begin` compressed. An execution's trigger bundle is the same at
/// both ends, and compressing it again at `finish` was one value in ten that history's benchmark
/// compressed (docs/benchmarks.md, "Statement journals in memory, the trigger bundle compressed
/// once"). A bundle is reused only when its bytes are those `begin` compressed.
package final class BegunTriggers: Sendable {
  private struct Entry: Sendable {
    var bundle: Data
    var stored: Data
  }

  private let entries = Mutex<[String: Entry]>([:])
  /// The most executions remembered at once. An execution begun and never finished by this store
  /// (its process recorded it elsewhere, or stopped) stays until then; when full, every entry is
  /// forgotten, which costs only compressing those bundles again.
  private let capacity: Int

  package init(capacity: Int = 4096) {
    self.capacity = max(1, capacity)
  }

  /// Remembers the stored form `begin` wrote of `execution`'s trigger bundle.
  package func remember(_ execution: ExecutionRecord, stored: StoredRecord) {
    guard let bundle = execution.triggerBundle, let storedBundle = stored.record.triggerBundle else { return }
    entries.withLock { entries in
      if entries.count >= capacity { entries.removeAll() }
      entries[execution.id] = Entry(bundle: bundle, stored: storedBundle)
    }
  }

  /// The stored form of `execution`'s trigger bundle remembered at its `begin`, if the bundle is
  /// still the same bytes; nil otherwise. Forgets the execution either way.
  package func take(_ execution: ExecutionRecord) -> Data? {
    guard let entry = entries.withLock({ $0.removeValue(forKey: execution.id) }) else { return nil }
    return entry.bundle == execution.triggerBundle ? entry.stored : nil
  }
}
