package import Foundation

/// One webhook request accepted by `sonarflow serve`, stored before it is answered.
package struct QueuedDelivery: Sendable, Hashable {
  /// Also the id of the execution that processes it, so a re-run after a crash (or after another
  /// runner took the delivery over) overwrites the interrupted record instead of adding a second one.
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
