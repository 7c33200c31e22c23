import Engine
import Foundation
package import History
package import ScenarioModel

/// The scenario an execution ran, read back from its file for the drawing: only when the file is
/// still the same text (its SHA-256 is the execution's `contentHash`, as the engine computes it).
package enum ScenarioSource {
  package enum Unavailable: Error, Sendable {
    case missing
    case changed
    case invalid

    /// Why the drawing comes from the operations instead.
    func text(file: String) -> String {
      switch self {
      case .missing: "The scenario file \(file) is not readable here: drawn from the operations' modules."
      case .changed: "The scenario file \(file) has changed since this execution: drawn from the operations' modules."
      case .invalid: "The scenario file \(file) no longer parses: drawn from the operations' modules."
      }
    }
  }

  package static func scenario(of record: ExecutionRecord) -> Result<Scenario, Unavailable> {
    guard FileManager.default.isReadableFile(atPath: record.scenarioFile) else { return .failure(.missing) }
    let parsed = ScenarioParser.parse(contentsOf: record.scenarioFile)
    guard let scenario = parsed.scenario else { return .failure(.invalid) }
    guard ScenarioCompiler.contentHash(scenario.source.text) == record.contentHash else { return .failure(.changed) }
    return .success(scenario)
  }
}
