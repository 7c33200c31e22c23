package import Logging

/// The server's log handler: swift-log's `StreamLogHandler` on standard error — the same lines —
/// with its metadata rendered when a message is logged rather than whenever it changes.
///
/// The HTTP server sets a request id in the logger's metadata for every request, and
/// `StreamLogHandler` renders all of its metadata to text on each change: about 2 % of the
/// server's CPU per request on every route, for lines that are almost never written at the
/// default level.
package struct ServerLogHandler: LogHandler {
  package var logLevel: Logger.Level = .info
  package var metadata: Logger.Metadata = [:]
  package var metadataProvider: Logger.MetadataProvider?
  private let label: String

  package init(label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
    self.label = label
    self.metadataProvider = metadataProvider
  }

  package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  package func log(event: LogEvent) {
    var stream = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
    stream.logLevel = logLevel
    stream.metadata = metadata
    stream.log(event: event)
  }
}
