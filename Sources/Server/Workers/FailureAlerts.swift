import Expressions
import Foundation
import History
import Logging
import OrderedCollections

/// Error scenarios: when an execution ends in error (or warning, or incomplete), every served
/// scenario whose trigger is `sonarflow.watchFailedExecutions` and watches it gets a delivery
/// describing the execution, queued durably like a webhook and run by the workers — as Make's
/// alert e-mails and n8n's Error Trigger, but a scenario of its own that can text or call out.
///
/// The failed execution's record is the one history stores, so the token is redacted and a
/// confidential scenario's message is left out. An error scenario's own failures alert no one, so
/// two error scenarios cannot trigger each other forever. The delivery is queued after the failed
/// execution is recorded: a crash between the two loses the alert, never the execution.
struct FailureAlerts: Sendable {
  static let triggerName = "sonarflow.watchFailedExecutions"

  let registry: ScenarioRegistry
  let history: any ServeStore
  let stage: DeliveryStage
  let metrics: ServerMetrics
  let logger: Logger

  /// Queues an alert for each error scenario watching `record`, an execution of `scenario` as
  /// history stores it.
  func notify(_ record: ExecutionRecord, of scenario: ServedScenario) async {
    guard [.error, .warning, .incomplete].contains(record.status), !scenario.watchesFailures else { return }
    for watcher in registry.current.all where watcher.watchesFailures && Self.watches(watcher, record) {
      guard let hook = watcher.hook else { continue }
      let now = Date()
      let delivery = QueuedDelivery(
        id: DeliveryID.timeOrdered(now: now), hook: hook, dedupeKey: "failed:\(record.id)",
        body: Self.body(record).jsonText(), receivedAt: now)
      stage.reserve(delivery.id)
      do {
        guard try await history.enqueue(delivery) else {
          stage.release(delivery.id)
          continue
        }
      } catch {
        stage.release(delivery.id)
        logger.error(
          "cannot queue a failed execution for an error scenario",
          metadata: ["execution": "\(record.id)", "error scenario": "\(hook)", "error": "\(error)"])
        continue
      }
      metrics.adjustQueueDepth(by: 1)
      stage.offer(delivery)
    }
  }

  /// Whether `watcher` watches executions like `record`: its `scenarios` (every one when left
  /// out) and `statuses` (`error` when left out).
  static func watches(_ watcher: ServedScenario, _ record: ExecutionRecord) -> Bool {
    func names(_ key: String) -> [String]? {
      guard case .constant(.array(let items))? = watcher.compiled.triggerParams[key] else { return nil }
      return items.compactMap { if case .text(let text) = $0 { text } else { nil } }
    }
    let scenarios = names("scenarios")
    let statuses = names("statuses") ?? ["error"]
    return (scenarios?.contains(record.scenarioName) ?? true) && statuses.contains(record.status.rawValue)
  }

  /// The trigger bundle: `{execution: {id, scenario, file, status, startedAt, finishedAt,
  /// operations, error: {type, message, module, location}}}`.
  static func body(_ record: ExecutionRecord) -> Value {
    var execution: OrderedDictionary<String, Value> = [
      "id": .text(record.id), "scenario": .text(record.scenarioName), "file": .text(record.scenarioFile),
      "status": .text(record.status.rawValue), "startedAt": .date(record.startedAt),
      "finishedAt": record.finishedAt.map(Value.date) ?? .null, "operations": .number(Double(record.operations)),
    ]
    if let error = record.error {
      execution["error"] = .collection([
        "type": .text(error.type), "message": .text(error.message),
        "module": error.moduleID.map { .number(Double($0)) } ?? .null,
        "location": error.location.map(Value.text) ?? .null,
      ])
    }
    return .collection(["execution": .collection(execution)])
  }
}
