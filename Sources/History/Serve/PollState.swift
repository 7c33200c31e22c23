package import Foundation

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
