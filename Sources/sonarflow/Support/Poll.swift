import Basics
import Engine
import Expressions
import SonarAPI
import SonarModules

/// `sonarflow run` on a polling trigger: one poll, every item up to the trigger's limit (no cursor:
/// a one-shot run has no memory of earlier polls; `serve` keeps one).
enum Poll {
  /// What one poll emitted, and how its check went: the check is the execution's first operation
  /// in history, as `serve` records it.
  struct Check: Sendable {
    var items: [Value]
    var duration: Duration
    var exchanges: [HTTPExchange]
  }

  static func once(_ compiled: CompiledScenario) async throws -> Check {
    let log = ExchangeLog()
    let start = ContinuousClock.now
    let items = try await ExchangeLog.$current.withValue(log) {
      try await HTTPWatch.pollOnce(compiled, transport: SonarClient.sharedHTTPClient)
    }
    return Check(items: items, duration: start.duration(to: .now), exchanges: log.all)
  }
}
