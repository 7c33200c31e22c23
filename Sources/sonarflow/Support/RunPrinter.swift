import Basics
import Engine
import Expressions
import Foundation
import History
import Validation

/// Prints executions for people (each operation as it happens, then a summary) and for machines
/// (one JSON document).
///
/// Whatever a server or a bundle put in a message reaches the terminal only through ``field(_:)``
/// and ``bundle(_:)``: every form of each secret (such as the Sonar token echoed in an error body)
/// is redacted and control characters are escaped.
struct RunPrinter: Sendable {
  let useColor: Bool
  /// The secrets to redact, in all their forms (``SecretForms/expanded(_:)``).
  let secrets: [String]

  init(useColor: Bool, secrets: [String] = []) {
    self.useColor = useColor
    self.secrets = SecretForms.expanded(secrets)
  }

  /// Text from a scenario, a server or a bundle, ready for one line of a terminal.
  func field(_ text: String) -> String {
    TextEscaping.escape(redacted(text))
  }

  /// `text` with every form of each secret replaced.
  func redacted(_ text: String) -> String {
    HistoryRedactor.redact(text: text, secrets: secrets)
  }

  /// A bundle's one-line JSON, redacted, cut at 160 characters and escaped.
  func bundle(_ value: Value) -> String {
    TextEscaping.escape(Self.cut(redacted(value).jsonText()), backslashes: .kept)
  }

  /// `value` as history stores it (``HistoryRedactor/redact(json:secrets:)``): each secret, in
  /// any form, replaced inside its strings (where JSON's own escapes are undone first), and the
  /// values of sensitive keys and headers replaced.
  func redacted(_ value: Value) -> Value {
    let data = Data(value.jsonText().utf8)
    let redacted = HistoryRedactor.redact(json: data, secrets: secrets)
    return redacted == data ? value : (try? Value(jsonData: redacted)) ?? .text(HistoryRedactor.replacement)
  }

  private func paint(_ text: String, _ code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// One operation, as it finishes, as operation `number` of the execution (the summary's count).
  func line(for event: OperationEvent, number: Int) -> String {
    let duration = Self.format(event.duration)
    if event.isFiltered {
      let name = event.filterName.map { " '\(field($0))'" } ?? ""
      return "  " + paint("–", "2")
        + " \(field(event.displayName)): stopped by filter\(name) at \(field(event.location.map(String.init(describing:)) ?? "?"))\n"
    }
    var text = ""
    if let error = event.error {
      text += "  " + paint("✘", "1;31") + " [\(number)] \(field(event.displayName))  \(duration)\n"
      text += "      " + paint("error:", "1;31") + " \(error.type.rawValue): \(field(error.message))\n"
      if let location = event.errorLocation ?? event.location { text += "      at \(field("\(location)"))\n" }
    } else {
      text += "  " + paint("✔", "1;32") + " [\(number)] \(field(event.displayName))  \(duration)\n"
    }
    if let input = event.input, input != .collection([:]), input != .null {
      text += "      in:  \(bundle(input))\n"
    }
    if let outputs = event.outputs {
      switch outputs.count {
      case 0: text += "      out: (no bundles)\n"
      case 1: text += "      out: \(bundle(outputs[0]))\n"
      default: text += "      out: \(outputs.count) bundles, first \(bundle(outputs[0]))\n"
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
      let place = result.errorLocation.map { "\(field("\($0)")): " } ?? ""
      let module = result.errorModuleID.map { " in module \($0)" } ?? ""
      text += "\(place)error: \(error.type.rawValue)\(module): \(field(error.message))\n"
    }
    for incomplete in result.incomplete {
      text +=
        "incomplete: module \(incomplete.moduleID) stopped a bundle (\(incomplete.error.type.rawValue): \(field(incomplete.error.message))); it is kept to resume\n"
    }
    return text
  }

  /// `{"status","operations","modules":[{"id","module","operations":[{"input","output","error","filtered"}]}]}`,
  /// with every form of each secret redacted.
  func json(_ result: ExecutionResult) -> String {
    var modules: [(id: Int, name: String, operations: [[String: Any]])] = []
    for event in result.events {
      var operation: [String: Any] = ["filtered": event.isFiltered]
      operation["input"] = event.input.map { redacted($0).jsonObject } ?? NSNull()
      if let outputs = event.outputs {
        operation["output"] = outputs.map { redacted($0).jsonObject }
      } else {
        operation["output"] = NSNull()
      }
      if let error = event.error {
        var object: [String: Any] = ["type": error.type.rawValue, "message": redacted(error.message)]
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
      var object: [String: Any] = ["type": error.type.rawValue, "message": redacted(error.message)]
      if let id = result.errorModuleID { object["module"] = id }
      if let location = result.errorLocation { object["location"] = "\(location)" }
      document["error"] = object
    }
    if !result.incomplete.isEmpty {
      document["incomplete"] = result.incomplete.map {
        ["module": $0.moduleID, "type": $0.error.type.rawValue, "message": redacted($0.error.message)] as [String: Any]
      }
    }
    if result.isTruncated { document["truncated"] = true }
    let data =
      (try? JSONSerialization.data(
        withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return redacted(String(decoding: data, as: UTF8.self)) + "\n"
  }

  /// A one-line view of a bundle, cut at 160 characters.
  private static func cut(_ text: String) -> String {
    text.count > 160 ? String(text.prefix(157)) + "…" : text
  }

  static func format(_ duration: Duration) -> String {
    let milliseconds = duration.milliseconds
    if milliseconds < 1 { return "\(Int((milliseconds * 1000).rounded())) µs" }
    if milliseconds < 1000 { return String(format: "%.0f ms", milliseconds) }
    return String(format: "%.2f s", milliseconds / 1000)
  }
}
