import Basics
import History
package import Logging

/// The server's log handler: swift-log's `StreamLogHandler` on standard error — the same lines —
/// with its metadata rendered when a message is logged rather than whenever it changes.
///
/// The HTTP server sets a request id in the logger's metadata for every request, and
/// `StreamLogHandler` renders all of its metadata to text on each change: about 2 % of the
/// server's CPU per request on every route, for lines that are almost never written at the
/// default level.
///
/// Every message and metadata value is cleared of the ``LogSecrets`` first.
package struct ServerLogHandler: LogHandler {
  package var logLevel: Logger.Level = .info
  package var metadata: Logger.Metadata = [:]
  package var metadataProvider: Logger.MetadataProvider?
  private let label: String
  private let secrets: LogSecrets?

  package init(
    label: String, secrets: LogSecrets? = nil,
    metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
  ) {
    self.label = label
    self.secrets = secrets
    self.metadataProvider = metadataProvider
  }

  package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  package func log(event: LogEvent) {
    // Every line: secrets redacted, then control characters of whatever the values hold (webhook
    // data, scenario names, Sonar's answers) escaped, so no value can forge a line or reach the
    // terminal as an escape sequence. Call sites pass values as they are.
    var event = event
    let forms = secrets?.forms ?? []
    event.message = "\(TextEscaping.escape(HistoryRedactor.redact(text: event.message.description, secrets: forms)))"
    event.metadata = event.metadata.map { Self.clean($0, forms) }
    var stream = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
    stream.logLevel = logLevel
    stream.metadata = metadata
    stream.log(event: event)
  }

  private static func clean(_ metadata: Logger.Metadata, _ forms: [String]) -> Logger.Metadata {
    metadata.mapValues { clean($0, forms) }
  }

  private static func clean(_ value: Logger.MetadataValue, _ forms: [String]) -> Logger.MetadataValue {
    switch value {
    case .string(let text): .string(TextEscaping.escape(HistoryRedactor.redact(text: text, secrets: forms)))
    case .stringConvertible(let convertible):
      .string(TextEscaping.escape(HistoryRedactor.redact(text: convertible.description, secrets: forms)))
    case .array(let values): .array(values.map { clean($0, forms) })
    case .dictionary(let metadata): .dictionary(clean(metadata, forms))
    }
  }
}
