/// Plain descriptions of specs for `sonarflow modules` and docs/modules.md.
extension ModuleSpec {
  /// The spec as JSON-compatible values, for `sonarflow modules --format json`.
  package var jsonObject: [String: Any] {
    var object: [String: Any] = [
      "name": name, "label": label, "app": app, "kind": kind.rawValue, "summary": summary,
      "params": params.map(\.jsonObject), "fields": fields.map(\.jsonObject), "output": output.jsonObject,
    ]
    if !requiresOneOf.isEmpty { object["requiresOneOf"] = requiresOneOf }
    if let sonarEvent { object["sonarEvent"] = sonarEvent }
    if let apiCall { object["apiCall"] = apiCall }
    if let timeout = timeoutDescription { object["timeout"] = timeout }
    return object
  }

  /// How long one operation may take, for people: `40 s`, `the value of delay plus 5 s`; nil for
  /// triggers and the flow tools the interpreter runs itself.
  package var timeoutDescription: String? {
    guard case .runner(let rule) = runtime else { return nil }
    switch rule {
    case .fixed(let seconds):
      return "\(seconds) s"
    case .field(let name, let margin, let fallback):
      let isParam = param(named: name) != nil
      let field = isParam ? "params.\(name)" : name
      let defaultText = (param(named: name) ?? self.field(named: name))?.defaultValue.map { ", default \($0)" } ?? ""
      return "the seconds in \(field) plus \(margin) s (at most \(fallback + margin) s\(defaultText))"
    }
  }
}

extension FieldSpec {
  package var jsonObject: [String: Any] {
    var object: [String: Any] = [
      "name": name, "label": label, "type": type.jsonObject, "required": isRequired, "help": help,
      "template": allowsTemplate,
    ]
    if let defaultValue { object["default"] = defaultValue }
    return object
  }
}

extension FieldType {
  package var jsonObject: Any {
    switch self {
    case .text: return "text"
    case .number: return "number"
    case .integer(let min, let max):
      var object: [String: Any] = ["type": "integer"]
      if let min { object["min"] = min }
      if let max { object["max"] = max }
      return object
    case .boolean: return "boolean"
    case .date: return "date"
    case .url: return "url"
    case .phone: return "phone"
    case .email: return "email"
    case .any: return "any"
    case .secret: return "secret"
    case .network: return "network"
    case .select(let options): return ["type": "select", "options": options]
    case .array(let item): return ["type": "array", "items": item.jsonObject]
    case .collection(let fields): return ["type": "collection", "fields": fields.map(\.jsonObject)]
    }
  }
}

extension OutputShape {
  package var jsonObject: Any {
    switch self {
    case .text: return "text"
    case .number: return "number"
    case .boolean: return "boolean"
    case .date: return "date"
    case .any: return "any"
    case .dynamic: return "dynamic"
    case .array(let item): return ["type": "array", "items": item.jsonObject]
    case .collection(let fields):
      return [
        "type": "collection",
        "fields": fields.map { field -> [String: Any] in
          var object: [String: Any] = ["name": field.name, "type": field.shape.jsonObject]
          if !field.help.isEmpty { object["help"] = field.help }
          return object
        },
      ]
    }
  }

  /// Indented `name: type` lines for human output, nested collections indented further.
  package func outline(indent: String = "  ") -> [String] {
    switch self {
    case .collection(let fields):
      return fields.flatMap { field -> [String] in
        let help = field.help.isEmpty ? "" : "  — \(field.help)"
        var lines = ["\(indent)\(field.name): \(field.shape.label)\(help)"]
        if case .collection = field.shape { lines += field.shape.outline(indent: indent + "  ") }
        if case .array(let item) = field.shape, case .collection = item { lines += item.outline(indent: indent + "  ") }
        return lines
      }
    case .dynamic:
      return ["\(indent)(fields known only at run time: whatever the input holds)"]
    default:
      return ["\(indent)\(label)"]
    }
  }
}

extension ModuleCatalogue {
  /// The catalogue as a Markdown reference (docs/modules.md is generated from this).
  package func markdownReference() -> String {
    var out = """
      # Module catalogue

      Generated from sonarflow's module specs by `sonarflow modules --format markdown`; do not edit by hand.
      Field keys are what scenario files use under `map` (input fields) and `params` (static settings).
      Output fields are what later modules read as `{{ID.field}}`.


      """
    var currentApp = ""
    for spec in modules {
      if spec.app != currentApp {
        currentApp = spec.app
        out += "## \(currentApp)\n\n"
      }
      out += "### `\(spec.name)` — \(spec.label)\n\n"
      out += "\(spec.kind.label.prefix(1).uppercased() + spec.kind.label.dropFirst()). \(spec.summary)\n\n"
      if let event = spec.sonarEvent { out += "Sonar webhook event: `\(event)`.\n\n" }
      if let call = spec.apiCall, spec.sonarEvent == nil { out += "Sonar API call: `\(call)`.\n\n" }
      if let timeout = spec.timeoutDescription {
        out += "Timeout: \(timeout); past it the operation fails with `ModuleTimeoutError`.\n\n"
      }
      for (title, fields) in [("Settings (`params`)", spec.params), ("Fields (`map`)", spec.fields)]
      where !fields.isEmpty {
        out += "\(title):\n\n| key | Make label | type | required | description |\n|---|---|---|---|---|\n"
        for field in fields {
          let defaultText = field.defaultValue.map { " Default: `\($0)`." } ?? ""
          let templateText = field.allowsTemplate ? "" : " Static (no templates)."
          out +=
            "| `\(field.name)` | \(field.label) | \(field.type.label) | \(field.isRequired ? "yes" : "no") | \(field.help)\(defaultText)\(templateText) |\n"
        }
        out += "\n"
      }
      for group in spec.requiresOneOf {
        out += "At least one of \(group.map { "`\($0)`" }.joined(separator: ", ")) is required.\n\n"
      }
      out += "Output:\n\n```\n" + spec.output.outline(indent: "").joined(separator: "\n") + "\n```\n\n"
    }
    return out
  }
}
