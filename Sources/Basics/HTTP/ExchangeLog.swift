import Synchronization

/// Collects the HTTP exchanges one operation makes. The engine binds a log around a module's run
/// (`ExchangeLog.$current.withValue`); the HTTP clients (Sonar's, `http.request`'s) append to the
/// bound log, if any, once per attempt. Task-local, so concurrent operations never share one, and
/// code below the runner needs no extra parameter to reach it.
package final class ExchangeLog: Sendable {
  /// The log of the operation running in this task; nil where nothing records.
  @TaskLocal package static var current: ExchangeLog?

  private let exchanges = Mutex<[HTTPExchange]>([])

  package init() {}

  package func append(_ exchange: HTTPExchange) {
    exchanges.withLock { $0.append(exchange) }
  }

  /// The exchanges appended so far, in order.
  package var all: [HTTPExchange] {
    exchanges.withLock { $0 }
  }
}
