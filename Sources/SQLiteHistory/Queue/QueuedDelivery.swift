package import Foundation
import Synchronization

/// One webhook request accepted by `sonarflow serve`, stored before it is answered.
package struct QueuedDelivery: Sendable, Hashable {
  /// Also the id of the execution that processes it, so a re-run after a crash overwrites the
  /// interrupted record instead of adding a second one.
  package var id: String
  /// The `webhookName` the request was posted to.
  package var hook: String
  /// Sonar's `uuid`, or a hash of the body: a second delivery with the same key is not stored.
  package var dedupeKey: String
  /// The bundle as JSON text.
  package var body: String
  package var receivedAt: Date

  package init(id: String, hook: String, dedupeKey: String, body: String, receivedAt: Date) {
    self.id = id
    self.hook = hook
    self.dedupeKey = dedupeKey
    self.body = body
    self.receivedAt = receivedAt
  }
}

/// Whether an enqueued delivery was new (false: a duplicate of one already stored).
package final class EnqueueOutcome: Sendable {
  private let inserted = Atomic<Bool>(false)
  package init() {}
  package var isNew: Bool { inserted.load(ordering: .acquiring) }
  func set(_ value: Bool) { inserted.store(value, ordering: .releasing) }
}

/// What a polling trigger has already emitted, keyed by scenario file and trigger.
package struct PollState: Sendable, Hashable {
  package var key: String
  /// Ids already emitted (or, with startFrom now, present at the first poll), oldest first.
  package var seenIDs: [String]
  package var updatedAt: Date

  package init(key: String, seenIDs: [String], updatedAt: Date) {
    self.key = key
    self.seenIDs = seenIDs
    self.updatedAt = updatedAt
  }
}
