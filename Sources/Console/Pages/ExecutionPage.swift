import Foundation
import History
import ScenarioModel

/// `/console/executions/{id}`: the scenario drawn with its operation counts, each module's
/// operations with their input, output and HTTP exchanges, and a timeline.
struct ExecutionPage: Sendable {
  struct ErrorView: Sendable {
    var type: String
    var message: String
    var hasLocation = false
    var location = ""
  }

  var csrf: String
  var execution: ExecutionRow
  var error: ErrorView?
  var parentID: String?
  var parentHref: String?
  var compareWithParentHref: String?
  var diagram: ScenarioDiagram
  /// Why the drawing comes from the operations rather than the scenario file.
  var diagramNote: String?
  /// Each module's operations and the timeline, as HTML (``renderModules(_:)``,
  /// ``renderTimeline(_:)``).
  var modulesHTML: String
  var timelineHTML: String
  var isRunning: Bool
  var hasOperations: Bool
  /// The execution's id while it runs: the page then follows it live.
  var liveID: String?

  static let timelineWidth = 400

  init(_ record: ExecutionRecord, csrf: String) {
    self.csrf = csrf
    execution = ExecutionRow(record)
    error = record.error.map(Self.view)
    parentID = record.parentID
    parentHref = record.parentID.map { "/console/executions/" + PageText.urlComponent($0) }
    compareWithParentHref = record.parentID.map {
      "/console/compare" + PageText.query([("a", $0), ("b", record.id)])
    }
    isRunning = record.status == .running
    let counts = ScenarioDiagram.Counts(record.operationLog)
    switch ScenarioSource.scenario(of: record) {
    case .success(let scenario):
      diagram = ScenarioDiagram(scenario: scenario, counts: counts)
    case .failure(let reason):
      diagram = ScenarioDiagram(operations: record.operationLog, trigger: record.trigger, counts: counts)
      diagramNote = reason.text(file: record.scenarioFile)
    }
    modulesHTML = Self.renderModules(record.operationLog)
    timelineHTML = Self.renderTimeline(record.operationLog)
    hasOperations = !record.operationLog.isEmpty
    liveID = isRunning ? record.id : nil
  }

  static func view(_ error: ErrorRecord) -> ErrorView {
    ErrorView(
      type: error.type, message: error.message, hasLocation: error.location != nil, location: error.location ?? "")
  }
}
