import Basics
import Expressions
package import Foundation
package import History
package import ModuleCatalogue

/// Turns an execution from history into a test case: its trigger bundles as the trigger, what the
/// modules that call out (Sonar, HTTP, …) answered as mocks, and what every module was given as
/// exact expectations, so an edit that changes what a module receives fails with the difference.
package enum ScenarioTestRecorder {
  /// Why an execution cannot become a test.
  package struct Refusal: Error, Sendable, CustomStringConvertible {
    package var description: String
  }

  /// The test file text: a `tests:` list with the one recorded case (values written as JSON, which
  /// YAML reads as they are), for `scenarioPath`.
  package static func testFile(
    from record: ExecutionRecord, scenarioPath: String?, catalogue: ModuleCatalogue = .standard
  ) throws(Refusal) -> String {
    guard let triggerData = record.triggerBundle, let trigger = try? Value(jsonData: triggerData) else {
      throw Refusal(
        description:
          "execution \(record.id) kept no trigger bundle (its scenario is confidential, or it never started), so it cannot become a test"
      )
    }
    guard record.status != .running else {
      throw Refusal(description: "execution \(record.id) is still running; record it once it has finished")
    }
    let operations = record.operationLog.filter { !$0.isFiltered && $0.moduleID != 1 }
    var firstOperation: [Int: OperationRecord] = [:]
    var calls: [Int: Int] = [:]
    var order: [Int] = []
    for operation in operations {
      if firstOperation[operation.moduleID] == nil {
        firstOperation[operation.moduleID] = operation
        order.append(operation.moduleID)
      }
      calls[operation.moduleID, default: 0] += 1
    }
    var lines = [
      "# Recorded from execution \(record.id) of '\(record.scenarioName)' (\(ISODate.render(record.startedAt))) by",
      "# `sonarflow test record`: the modules that call out answer as they did; every module must be",
      "# given what it was given then.",
    ]
    if let scenarioPath { lines.append("scenario: \(json(.text(scenarioPath)))") }
    lines += [
      "tests:",
      "  - name: \(json(.text("recorded \(record.id)")))",
      "    trigger: \(json(trigger))",
      "    now: \(json(.text(ISODate.render(record.startedAt))))",
    ]
    var mocks: [String] = []
    for id in order {
      guard let operation = firstOperation[id], catalogue[operation.moduleName]?.runtime.needsRunner ?? true else {
        continue
      }
      if let error = operation.error {
        mocks.append(
          "      \(id): { error: { type: \(json(.text(error.type))), message: \(json(.text(error.message))) } }")
      } else {
        let outputs = operation.output.flatMap { try? Value(jsonData: $0) } ?? .array([])
        mocks.append("      \(id): { output: \(json(outputs)) }")
      }
    }
    if !mocks.isEmpty { lines += ["    mocks:"] + mocks }
    lines += ["    expect:", "      status: \(record.status.rawValue)"]
    if !order.isEmpty {
      lines.append("      modules:")
      for id in order {
        guard let operation = firstOperation[id] else { continue }
        var parts = ["called: \(calls[id] ?? 0)"]
        if let input = operation.input.flatMap({ try? Value(jsonData: $0) }) {
          parts.append("input: { equals: \(json(input)) }")
        }
        lines.append("        \(id): { \(parts.joined(separator: ", ")) }")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A value as JSON text, which YAML reads as the same value.
  private static func json(_ value: Value) -> String { value.jsonText() }
}
