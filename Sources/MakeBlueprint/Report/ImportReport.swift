package import Basics

/// What `sonarflow import make` did with each module and field: carried over exactly, adapted
/// (and how), or unsupported (kept under `make:` for export, no effect on runs).
package struct ImportReport: Sendable, Hashable {
  package enum Status: String, Sendable, Hashable {
    case exact, adapted, unsupported
  }

  package struct Field: Sendable, Hashable {
    /// Make's side and key: `mapper.url`, `parameters.feeder`, `filter`, `onerror`.
    package var name: String
    package var status: Status
    package var note: String?
  }

  package struct Module: Sendable, Hashable {
    package var id: Int
    package var makeModule: String
    package var sonarflowModule: String
    package var fields: [Field]

    package var status: Status {
      if sonarflowModule == "make.unsupported" { return .unsupported }
      return fields.contains { $0.status != .exact } ? .adapted : .exact
    }
  }

  package var modules: [Module] = []
  /// Scenario-level notes: settings, wrapper keys, ids that could not be kept.
  package var scenario: [Field] = []

  package var unsupportedModules: [Module] { modules.filter { $0.status == .unsupported } }

  /// One line per module, then its fields that were not carried over exactly. Names, keys and
  /// notes come from the blueprint: each line is escaped for the terminal (``TextEscaping``).
  package var human: String {
    var lines: [String] = []
    for module in modules {
      lines.append(
        "module \(module.id) \(module.makeModule) -> \(module.sonarflowModule): \(module.status.rawValue)")
      for field in module.fields where field.status != .exact {
        lines.append("  \(field.name): \(field.status.rawValue)\(field.note.map { " (\($0))" } ?? "")")
      }
    }
    for field in scenario {
      lines.append("scenario \(field.name): \(field.status.rawValue)\(field.note.map { " (\($0))" } ?? "")")
    }
    let counts = [Status.exact, .adapted, .unsupported].map { status in
      "\(modules.filter { $0.status == status }.count) \(status.rawValue)"
    }
    lines.append("\(modules.count) modules: " + counts.joined(separator: ", "))
    return lines.map { TextEscaping.escape($0) }.joined(separator: "\n") + "\n"
  }

  package var json: JSONValue {
    func field(_ field: Field) -> JSONValue {
      .object(
        JSONObject([
          ("field", .string(field.name)), ("status", .string(field.status.rawValue)),
          ("note", .optional(field.note)),
        ]))
    }
    return .object(
      JSONObject([
        (
          "modules",
          .array(
            modules.map { module in
              .object(
                JSONObject([
                  ("id", .int(module.id)), ("makeModule", .string(module.makeModule)),
                  ("sonarflowModule", .string(module.sonarflowModule)), ("status", .string(module.status.rawValue)),
                  ("fields", .array(module.fields.map(field))),
                ]))
            })
        ),
        ("scenario", .array(scenario.map(field))),
      ]))
  }
}
