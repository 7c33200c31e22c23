package import Foundation

/// How `sonarflow serve` listens and queues.
package struct ServerConfiguration: Sendable {
  package var host: String
  /// 0 picks a free port (printed at start).
  package var port: Int
  /// The URL Sonar reaches this server at, without a trailing slash; webhooks are registered at
  /// `{publicURL}/hooks/{webhookName}/{secret}`. nil: no Sonar registration.
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
  /// How long a new connection may take to send a complete request head.
  package var headerTimeout: Duration
  /// How long a request's body may take to arrive once its head is read.
  package var bodyTimeout: Duration
  /// How long a kept-alive connection may wait between a response and the next request's head.
  package var idleTimeout: Duration
  /// Open connections beyond which serve stops accepting new ones (they wait in the listen
  /// backlog until one closes).
  package var maxConnections: Int
  /// How often the store's writability is probed for `/readyz`, and how long a probe may take.
  package var storeProbeInterval: Duration
  package var storeProbeTimeout: Duration
  /// How often the hooks' secrets are read again (rotations made by `sonarflow webhooks rotate`).
  package var secretRefreshInterval: Duration
  /// The web console's token: with one, the console is served at `/console/`; nil: off (404).
  package var consoleToken: String?

  package init(
    host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, workers: Int = 4,
    stageCapacity: Int = 1024, maxQueueDepth: Int = 1_000_000, maxBodySize: Int = 1_048_576,
    dedupeWindow: TimeInterval = 24 * 3600, headerTimeout: Duration = .seconds(10),
    bodyTimeout: Duration = .seconds(30),
    idleTimeout: Duration = .seconds(30), maxConnections: Int = 1024, storeProbeInterval: Duration = .seconds(2),
    storeProbeTimeout: Duration = .seconds(3), secretRefreshInterval: Duration = .seconds(1),
    consoleToken: String? = nil
  ) {
    self.consoleToken = consoleToken
    self.host = host
    self.port = port
    self.publicURL = publicURL.map(Self.publicURLBase)
    self.workers = max(1, workers)
    self.stageCapacity = max(1, stageCapacity)
    self.maxQueueDepth = maxQueueDepth
    self.maxBodySize = maxBodySize
    self.dedupeWindow = dedupeWindow
    self.headerTimeout = headerTimeout
    self.bodyTimeout = bodyTimeout
    self.idleTimeout = idleTimeout
    self.maxConnections = max(1, maxConnections)
    self.storeProbeInterval = storeProbeInterval
    self.storeProbeTimeout = storeProbeTimeout
    self.secretRefreshInterval = secretRefreshInterval
  }

  /// A public URL without its trailing slash, so `{publicURL}/hooks/…` has one slash.
  package static func publicURLBase(_ url: String) -> String {
    url.hasSuffix("/") ? String(url.dropLast()) : url
  }
}
