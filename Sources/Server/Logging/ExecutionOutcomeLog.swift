import Basics
import Engine
import History
import Logging
import ScenarioModel

/// The log line of an execution that did not succeed: one per execution that ends in `error`
/// (logged at `error`) or in `warning` or `incomplete` (at `warning`), with the scenario, the
/// execution id, the failing module's id and name, Make's error type and message, and where in the
/// scenario file it failed.
///
/// The error is read from the records as history stores them (``HistoryRecorder/prepare(_:)``), so
/// the log keeps history's privacy: the Sonar token is redacted, and a confidential scenario's
/// message — which may quote webhook data — is left out. ``ServerLogHandler`` escapes every value
/// (``TextEscaping``), so data cannot forge log lines or terminal escapes.
struct ExecutionOutcomeLog {
  var level: Logger.Level
  var message: Logger.Message
  var metadata: Logger.Metadata

  /// The line for an execution recorded as `execution`, nil when it needs none (success,
  /// interrupted). `execution` and `firstIncomplete` (its first bundle stored as incomplete) are
  /// the records as history stores them.
  init?(_ execution: ExecutionRecord, firstIncomplete: ExecutionRecord?, scenario: CompiledScenario) {
    switch execution.status {
    case .error:
      level = .error
      message = "execution failed"
    case .warning:
      level = .warning
      message = "execution ended with a warning"
    case .incomplete:
      level = .warning
      message = "execution incomplete"
    case .success, .running, .interrupted:
      return nil
    }
    var metadata: Logger.Metadata = [
      "scenario": "\(execution.scenarioName)",
      "execution": "\(execution.id)",
      "status": "\(execution.status.rawValue)",
    ]
    // A warning's execution has no error of its own: the first bundle stored as incomplete has it.
    if let error = execution.error ?? firstIncomplete?.error {
      metadata["errorType"] = "\(error.type)"
      if !scenario.scenario.settings.isConfidential {
        metadata["error"] = "\(error.message)"
      }
      if let id = error.moduleID {
        metadata["module"] = "\(id)"
        let module = Self.module(id, in: scenario.scenario)
        if let name = module?.name { metadata["moduleName"] = "\(name)" }
        if let location = error.location ?? module?.location.description {
          metadata["location"] = "\(location)"
        }
      }
    }
    self.metadata = metadata
  }

  func log(to logger: Logger) {
    logger.log(level: level, message, metadata: metadata)
  }

  /// Module `id`'s name (`sonar.sendMessage`) and where it is written.
  private static func module(_ id: Int, in scenario: Scenario) -> (name: String, location: SourceLocation)? {
    if id == Trigger.id { return (scenario.trigger.module.value, scenario.trigger.location) }
    return scenario.allModules.first { $0.id.value == id }.map { ($0.module.value, $0.location) }
  }
}
