import Basics
import Foundation
package import ScenarioModel

/// Renders diagnostics for machines: JSON, GitHub workflow commands, SARIF 2.1.0.
package enum MachineRenderer {
  private static func encode(_ value: Any) -> String {
    guard
      let data = try? JSONSerialization.data(
        withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else {
      return "[]"
    }
    return String(decoding: data, as: UTF8.self)
  }

  private static func object(_ diagnostic: Diagnostic) -> [String: Any] {
    var object: [String: Any] = [
      "file": diagnostic.location?.file ?? "",
      "line": diagnostic.location?.line ?? 0,
      "column": diagnostic.location?.column ?? 0,
      "severity": diagnostic.severity.rawValue,
      "code": diagnostic.id,
      "message": diagnostic.message,
    ]
    if let hint = diagnostic.fixHint { object["hint"] = hint }
    if !diagnostic.notes.isEmpty {
      object["notes"] = diagnostic.notes.map { note -> [String: Any] in
        [
          "file": note.location?.file ?? "", "line": note.location?.line ?? 0, "column": note.location?.column ?? 0,
          "message": note.message,
        ]
      }
    }
    return object
  }

  /// A JSON array of `{"file","line","column","severity","code","message"}` (plus `hint`, `notes`).
  package static func json(_ diagnostics: [Diagnostic]) -> String {
    encode(diagnostics.map(object))
  }

  /// GitHub Actions workflow commands, one per line, so findings show up as annotations on the PR.
  package static func github(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map { diagnostic in
      let command: String =
        switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
      var properties: [String] = []
      if let location = diagnostic.location {
        properties.append("file=\(escapeProperty(location.file))")
        properties.append("line=\(location.line)")
        properties.append("col=\(location.column)")
      }
      properties.append("title=\(escapeProperty("sonarflow \(diagnostic.id)"))")
      var message = diagnostic.message
      if let hint = diagnostic.fixHint { message += "\n" + hint }
      return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))"
    }.joined(separator: "\n") + (diagnostics.isEmpty ? "" : "\n")
  }

  private static func escapeData(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  private static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }

  /// A SARIF 2.1.0 log with one run and one rule per diagnostic id.
  package static func sarif(_ diagnostics: [Diagnostic], toolVersion: String) -> String {
    let ruleIDs = Array(Set(diagnostics.map(\.id))).sorted()
    let rules: [[String: Any]] = ruleIDs.map { ["id": $0, "name": $0, "shortDescription": ["text": $0]] }
    let results: [[String: Any]] = diagnostics.map { diagnostic in
      var result: [String: Any] = [
        "ruleId": diagnostic.id,
        "ruleIndex": ruleIDs.firstIndex(of: diagnostic.id) ?? 0,
        "level": diagnostic.severity == .note ? "note" : diagnostic.severity.rawValue,
        "message": ["text": diagnostic.message + (diagnostic.fixHint.map { " " + $0 } ?? "")],
      ]
      if let location = diagnostic.location {
        result["locations"] = [
          [
            "physicalLocation": [
              "artifactLocation": ["uri": location.file],
              "region": ["startLine": location.line, "startColumn": location.column],
            ]
          ]
        ]
      }
      return result
    }
    let log: [String: Any] = [
      "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
      "version": "2.1.0",
      "runs": [
        [
          "tool": [
            "driver": [
              "name": "sonarflow", "version": toolVersion, "informationUri": "https://github.com/sonarflow/sonarflow",
              "rules": rules,
            ]
          ],
          "results": results,
        ]
      ],
    ]
    return encode(log)
  }
}
