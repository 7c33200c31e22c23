package import Foundation

/// How `sonarflow serve` listens and queues.
package struct ServerConfiguration: Sendable {
  package var host: String
  /// 0 picks a free port (printed at start).
  package var port: Int
  /// The URL Sonar reaches this server at, without a trailing slash; webhooks are registered at
  /// `{publicURL}/hooks/{webhookName}`. nil: no Sonar registration.
  package var publicURL: String?
  /// Concurrent executions.
  package var workers: Int
  /// Deliveries held in memory in front of the workers; beyond it they wait in the database.
  package var stageCapacity: Int
  /// Pending deliveries in the database beyond which intake answers 503.
  package var maxQueueDepth: Int
  /// Largest accepted body in bytes.
  package var maxBodySize: Int
  /// How long a delivery's dedupe key is remembered.
  package var dedupeWindow: TimeInterval

  package init(
    host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, workers: Int = 4,
    stageCapacity: Int = 1024, maxQueueDepth: Int = 1_000_000, maxBodySize: Int = 1_048_576,
    dedupeWindow: TimeInterval = 24 * 3600
  ) {
    self.host = host
    self.port = port
    self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    self.workers = max(1, workers)
    self.stageCapacity = max(1, stageCapacity)
    self.maxQueueDepth = maxQueueDepth
    self.maxBodySize = maxBodySize
    self.dedupeWindow = dedupeWindow
  }
}
