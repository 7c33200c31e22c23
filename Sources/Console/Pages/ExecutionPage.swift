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

  /// One operation. Its absent parts are empty strings and flags rather than nils: Mustache looks
  /// a nil name up in the enclosing values, and would show the execution's error here.
  struct OperationView: Sendable {
    var sequence: Int
    var duration: String
    var isFiltered: Bool
    var hasError: Bool
    var error: ErrorView
    var hasInput: Bool
    var input: String
    var hasOutput: Bool
    var output: String
    var hasExchanges: Bool
    var exchanges: String

    init(_ operation: OperationRecord) {
      sequence = operation.sequence
      duration = PageText.duration(operation.duration)
      isFiltered = operation.isFiltered
      hasError = operation.error != nil
      error = operation.error.map(ExecutionPage.view) ?? ErrorView(type: "", message: "")
      let input = PageText.json(operation.input)
      hasInput = input != nil
      self.input = input ?? ""
      let output = PageText.json(operation.output)
      hasOutput = output != nil
      self.output = output ?? ""
      let exchanges = PageText.json(operation.exchanges)
      hasExchanges = exchanges != nil
      self.exchanges = exchanges ?? ""
    }
  }

  struct ModuleSection: Sendable {
    var moduleID: Int
    var anchor: String
    var name: String
    var operations: [OperationView]
    var count: Int
  }

  struct TimelineRow: Sendable {
    var sequence: Int
    var moduleID: Int
    var moduleName: String
    var duration: String
    var x: Int
    var width: Int
    var hasError: Bool
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
  var modules: [ModuleSection]
  var timeline: [TimelineRow]
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
    var sections: [Int: ModuleSection] = [:]
    var order: [Int] = []
    for operation in record.operationLog {
      if sections[operation.moduleID] == nil {
        order.append(operation.moduleID)
        sections[operation.moduleID] = ModuleSection(
          moduleID: operation.moduleID, anchor: "module-\(operation.moduleID)", name: operation.moduleName,
          operations: [], count: 0)
      }
      sections[operation.moduleID]?.operations.append(OperationView(operation))
      sections[operation.moduleID]?.count += 1
    }
    modules = order.sorted().compactMap { sections[$0] }
    timeline = Self.timeline(record.operationLog)
    hasOperations = !timeline.isEmpty
    liveID = isRunning ? record.id : nil
  }

  static func view(_ error: ErrorRecord) -> ErrorView {
    ErrorView(
      type: error.type, message: error.message, hasLocation: error.location != nil, location: error.location ?? "")
  }

  /// Operations one after another, each bar as long as its share of the total time.
  private static func timeline(_ operations: [OperationRecord]) -> [TimelineRow] {
    let total = max(1, operations.reduce(Int64(0)) { $0 + $1.durationMicroseconds })
    var elapsed: Int64 = 0
    return operations.map { operation in
      let micros = operation.durationMicroseconds
      defer { elapsed += micros }
      return TimelineRow(
        sequence: operation.sequence, moduleID: operation.moduleID, moduleName: operation.moduleName,
        duration: PageText.duration(operation.duration),
        x: Int(elapsed * Int64(timelineWidth) / total),
        width: max(1, Int(micros * Int64(timelineWidth) / total)), hasError: operation.error != nil)
    }
  }
}
