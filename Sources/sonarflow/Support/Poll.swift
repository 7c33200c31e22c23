import Engine
import Expressions
import SonarAPI
import SonarModules

/// `sonarflow run` on a polling trigger: one poll, every item up to the trigger's limit (no cursor:
/// a one-shot run has no memory of earlier polls; `serve` keeps one).
enum Poll {
  static func once(_ compiled: CompiledScenario) async throws -> [Value] {
    try await HTTPWatch.pollOnce(compiled, transport: SonarClient.sharedHTTPClient)
  }
}
