import Basics
import Foundation
import History
import Replay

/// How `history diff` shows an `ExecutionComparison`: each differing step with what changed, old
/// value then new, everything recorded escaped for the terminal (`TextEscaping`).
enum ComparisonText {
  static func describe(_ comparison: ExecutionComparison) -> String {
    func field(_ text: String) -> String { TextEscaping.escape(text) }
    let before = comparison.before
    let after = comparison.after
    var text =
      "Comparing \(field(before.id)) (\(before.status.rawValue)) with \(field(after.id)) (\(after.status.rawValue))\n"
    guard comparison.hasDifferences else {
      return text + "No differences: every step took the same input, made the same requests and gave the same output.\n"
    }
    let count = comparison.steps.count
    text +=
      "\(count) step\(count == 1 ? "" : "s") differ\(count == 1 ? "s" : "")\(comparison.executionChanges.isEmpty ? "" : ", and the outcome")\n"
    for change in comparison.executionChanges { text += line(change) }
    for step in comparison.steps {
      let sequences =
        "operation \(step.beforeSequence.map(String.init) ?? "–") → \(step.afterSequence.map(String.init) ?? "–")"
      text += "\nModule \(step.moduleID) \(field(step.moduleName)), its operation \(step.occurrence) (\(sequences))\n"
      if let ran = step.changes.first, ran.part == "ran" {
        text +=
          ran.after == .bool(true) ? "  ran only in the second execution\n" : "  ran only in the first execution\n"
        continue
      }
      for change in step.changes { text += line(change) }
    }
    return text
  }

  private static func line(_ change: ExecutionComparison.Change) -> String {
    let place = change.path.isEmpty ? change.part : "\(change.part) \(change.path)"
    return "  \(TextEscaping.escape(place)): \(value(change.before)) → \(value(change.after))\n"
  }

  private static func value(_ value: JSONValue?) -> String {
    guard let value else { return "(absent)" }
    return TextEscaping.escape(value.serialized, backslashes: .kept)
  }

  /// `{"before","after","same","outcome":[changes],"steps":[{"module","moduleName","occurrence","beforeSequence","afterSequence","changes":[{"part","path","before","after"}]}]}`
  /// `replay`, when given, is added as a member of that name (what `sonarflow replay` says of the
  /// replay itself).
  static func json(_ comparison: ExecutionComparison, replay: JSONObject? = nil) -> String {
    func changes(_ list: [ExecutionComparison.Change]) -> JSONValue {
      .array(
        list.map { change in
          .object(
            JSONObject([
              ("part", .string(change.part)), ("path", .string(change.path)), ("before", change.before ?? .null),
              ("after", change.after ?? .null),
            ]))
        })
    }
    let steps = comparison.steps.map { step -> JSONValue in
      .object(
        JSONObject([
          ("module", .int(step.moduleID)), ("moduleName", .string(step.moduleName)),
          ("occurrence", .int(step.occurrence)), ("beforeSequence", step.beforeSequence.map(JSONValue.int) ?? .null),
          ("afterSequence", step.afterSequence.map(JSONValue.int) ?? .null), ("changes", changes(step.changes)),
        ]))
    }
    var members: [(String, JSONValue)] = [
      ("before", .string(comparison.before.id)), ("after", .string(comparison.after.id)),
      ("same", .bool(!comparison.hasDifferences)), ("outcome", changes(comparison.executionChanges)),
      ("steps", .array(steps)),
    ]
    if let replay { members.append(("replay", .object(replay))) }
    return JSONValue.object(JSONObject(members)).text(pretty: true) + "\n"
  }
}
