import Basics
import History
import Replay

/// `/console/compare?a=…&b=…`: what differs between two executions, step by step
/// (``ExecutionComparison``, as `history diff` shows it).
struct ComparePage: Sendable {
  struct ChangeView: Sendable {
    var part: String
    var hasPath: Bool
    var path: String
    var before: String
    var after: String
  }

  struct StepView: Sendable {
    var moduleID: Int
    var moduleName: String
    var occurrence: Int
    var beforeSequence: String
    var afterSequence: String
    var changes: [ChangeView]
  }

  var csrf: String
  var a: String
  var b: String
  var before: ExecutionRow?
  var after: ExecutionRow?
  var problems: [String]
  var executionChanges: [ChangeView] = []
  var steps: [StepView] = []
  var isCompared = false
  var hasDifferences = false

  init(a: String, b: String, before: ExecutionRecord?, after: ExecutionRecord?, problems: [String], csrf: String) {
    self.csrf = csrf
    self.a = a
    self.b = b
    self.problems = problems
    self.before = before.map(ExecutionRow.init)
    self.after = after.map(ExecutionRow.init)
    guard let before, let after else { return }
    let comparison = ExecutionComparison(before: before, after: after)
    isCompared = true
    hasDifferences = comparison.hasDifferences
    executionChanges = comparison.executionChanges.map(Self.view)
    steps = comparison.steps.map { step in
      StepView(
        moduleID: step.moduleID, moduleName: step.moduleName, occurrence: step.occurrence,
        beforeSequence: step.beforeSequence.map(String.init) ?? "did not run",
        afterSequence: step.afterSequence.map(String.init) ?? "did not run",
        changes: step.changes.map(Self.view))
    }
  }

  private static func view(_ change: ExecutionComparison.Change) -> ChangeView {
    ChangeView(
      part: change.part, hasPath: !change.path.isEmpty, path: change.path,
      before: change.before.map { $0.text(pretty: true) } ?? "(none)",
      after: change.after.map { $0.text(pretty: true) } ?? "(none)")
  }
}
