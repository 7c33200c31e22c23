import Basics
import Engine
import Expressions
import Foundation
import History
import Validation

/// Prints executions for people (each operation as it happens, then a summary) and for machines
/// (one JSON document).
struct RunPrinter: Sendable {
  let useColor: Bool

  private func paint(_ text: String, _ code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// One operation, as it finishes.
  func line(for event: OperationEvent) -> String {
    let duration = Self.format(event.duration)
    if event.isFiltered {
      let name = event.filterName.map { " '\($0)'" } ?? ""
      return "  " + paint("–", "2")
        + " \(event.displayName): stopped by filter\(name) at \(event.location.map(String.init(describing:)) ?? "?")\n"
    }
    var text = ""
    if let error = event.error {
      text += "  " + paint("✘", "1;31") + " [\(event.sequence)] \(event.displayName)  \(duration)\n"
      text += "      " + paint("error:", "1;31") + " \(error.type.rawValue): \(error.message)\n"
      if let location = event.errorLocation ?? event.location { text += "      at \(location)\n" }
    } else {
      text += "  " + paint("✔", "1;32") + " [\(event.sequence)] \(event.displayName)  \(duration)\n"
    }
    if let input = event.input, input != .collection([:]), input != .null {
      text += "      in:  \(Self.short(input))\n"
    }
    if let outputs = event.outputs {
      switch outputs.count {
      case 0: text += "      out: (no bundles)\n"
      case 1: text += "      out: \(Self.short(outputs[0]))\n"
      default: text += "      out: \(outputs.count) bundles, first \(Self.short(outputs[0]))\n"
      }
    }
    return text
  }

  /// The closing line: status, operations, duration, execution id.
  func summary(_ result: ExecutionResult) -> String {
    let mark: String
    switch result.status {
    case .success: mark = paint("✔ success", "1;32")
    case .warning: mark = paint("! warning", "1;33")
    default: mark = paint("✘ \(result.status.rawValue)", "1;31")
    }
    var text =
      "\(mark) — \(result.operations) operation\(result.operations == 1 ? "" : "s") in \(Self.format(result.duration)) (execution \(result.executionID))\n"
    if let error = result.error, result.status == .error || result.status == .interrupted {
      let place = result.errorLocation.map { "\($0): " } ?? ""
      let module = result.errorModuleID.map { " in module \($0)" } ?? ""
      text += "\(place)error: \(error.type.rawValue)\(module): \(error.message)\n"
    }
    for incomplete in result.incomplete {
      text +=
        "incomplete: module \(incomplete.moduleID) stopped a bundle (\(incomplete.error.type.rawValue): \(incomplete.error.message)); it is kept to resume\n"
    }
    return text
  }

  /// `{"status","operations","modules":[{"id","module","operations":[{"input","output","error","filtered"}]}]}`
  static func json(_ result: ExecutionResult) -> String {
    var modules: [(id: Int, name: String, operations: [[String: Any]])] = []
    for event in result.events {
      var operation: [String: Any] = ["filtered": event.isFiltered]
      operation["input"] = event.input?.jsonObject ?? NSNull()
      if let outputs = event.outputs {
        operation["output"] = outputs.map(\.jsonObject)
      } else {
        operation["output"] = NSNull()
      }
      if let error = event.error {
        var object: [String: Any] = ["type": error.type.rawValue, "message": error.message]
        if let location = event.errorLocation ?? event.location { object["location"] = "\(location)" }
        operation["error"] = object
      } else {
        operation["error"] = NSNull()
      }
      if let index = modules.firstIndex(where: { $0.id == event.moduleID }) {
        modules[index].operations.append(operation)
      } else {
        modules.append((event.moduleID, event.moduleName, [operation]))
      }
    }
    var document: [String: Any] = [
      "execution": result.executionID,
      "status": result.status.rawValue,
      "operations": result.operations,
      "durationMs": Int((result.finishedAt.timeIntervalSince(result.startedAt) * 1000).rounded()),
      "modules": modules.map { ["id": $0.id, "module": $0.name, "operations": $0.operations] as [String: Any] },
    ]
    if let error = result.error {
      var object: [String: Any] = ["type": error.type.rawValue, "message": error.message]
      if let id = result.errorModuleID { object["module"] = id }
      if let location = result.errorLocation { object["location"] = "\(location)" }
      document["error"] = object
    }
    if !result.incomplete.isEmpty {
      document["incomplete"] = result.incomplete.map {
        ["module": $0.moduleID, "type": $0.error.type.rawValue, "message": $0.error.message] as [String: Any]
      }
    }
    if result.isTruncated { document["truncated"] = true }
    let data =
      (try? JSONSerialization.data(
        withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// A one-line view of a bundle, cut at 160 characters.
  static func short(_ value: Value) -> String {
    let text = value.jsonText()
    return text.count > 160 ? String(text.prefix(157)) + "…" : text
  }

  static func format(_ duration: Duration) -> String {
    let milliseconds = duration.milliseconds
    if milliseconds < 1 { return String(format: "%.2f ms", milliseconds) }
    if milliseconds < 1000 { return String(format: "%.0f ms", milliseconds) }
    return String(format: "%.2f s", milliseconds / 1000)
  }
}
