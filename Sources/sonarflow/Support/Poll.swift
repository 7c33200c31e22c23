import Engine
import Expressions
import SonarAPI
import SonarModules

/// `sonarflow run` on a polling trigger: one poll, every item up to the trigger's limit (no cursor:
/// a one-shot run has no memory of earlier polls; `serve` keeps one).
enum Poll {
  static func once(_ compiled: CompiledScenario) async throws -> [Value] {
    let watch = try HTTPWatch(params: compiled.constantTriggerParams)
    return Array(try await watch.fetch(httpClient: SonarClient.sharedHTTPClient).prefix(watch.limit))
  }
}
