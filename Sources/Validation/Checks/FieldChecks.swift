import Basics
import Foundation
import ModuleCatalogue
import ScenarioModel

/// Checks a module's `params` and `map` against its spec: unknown and missing fields, literal values
/// of the wrong type, values outside a field's choices, and templates in fields that cannot hold one.
enum FieldChecks {
  static func check(
    params: YAMLMapping?, of spec: ModuleSpec, moduleLocation: SourceLocation, context: String
  ) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    if spec.params.isEmpty, let params, !params.entries.isEmpty {
      diagnostics.append(
        Diagnostic(
          id: "field.noParams", location: params.location, message: "\(context) takes no 'params'",
          fixHint: spec.fields.isEmpty ? "Remove 'params'." : "Remove 'params'; its fields go under 'map'."))
      return diagnostics
    }
    diagnostics += checkFields(
      params, specs: spec.params, owner: moduleLocation, context: context, section: "params",
      fieldsElsewhere: spec.fields.map(\.name))
    if let name = params?.entry("webhookName"), let scalar = name.value.scalar, !scalar.isTemplate, !scalar.isNull {
      if !isValidWebhookName(scalar.value) {
        diagnostics.append(
          Diagnostic(
            id: "field.invalidWebhookName", location: scalar.location,
            message: "webhook name '\(scalar.value)' may only hold letters, digits, '-' and '_'",
            fixHint: "It becomes the URL path /hooks/{webhookName}/{secret}; for example 'welcome-new-customers'."))
      }
    }
    return diagnostics
  }

  static func check(
    map: YAMLMapping?, of spec: ModuleSpec, moduleLocation: SourceLocation, context: String
  ) -> [Diagnostic] {
    if spec.fields.isEmpty {
      guard let map, !map.entries.isEmpty else { return [] }
      return [
        Diagnostic(
          id: "field.noMap", location: map.location, message: "\(context) takes no 'map'",
          fixHint: spec.kind == .router ? "A router's routes carry the flow; remove 'map'." : "Remove 'map'.")
      ]
    }
    var diagnostics = checkFields(
      map, specs: spec.fields, owner: moduleLocation, context: context, section: "map",
      fieldsElsewhere: spec.params.map(\.name))
    for group in spec.requiresOneOf where !group.contains(where: { isGiven(map?[$0]) }) {
      diagnostics.append(
        Diagnostic(
          id: "field.missingOneOf", location: map?.location ?? moduleLocation,
          message: "\(context) needs \(group.map { "'\($0)'" }.joined(separator: " or "))",
          fixHint: "Map at least one of them under 'map'."))
    }
    return diagnostics
  }

  private static func checkFields(
    _ mapping: YAMLMapping?, specs: [FieldSpec], owner: SourceLocation, context: String, section: String,
    fieldsElsewhere: [String]
  ) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for entry in mapping?.entries ?? [] {
      guard let field = specs.first(where: { $0.name == entry.key.value }) else {
        let hint: String
        if fieldsElsewhere.contains(entry.key.value) {
          hint = "'\(entry.key.value)' belongs under '\(section == "map" ? "params" : "map")'."
        } else {
          hint =
            Suggestion.didYouMean(entry.key.value, in: specs.map(\.name))
            ?? "\(section == "map" ? "Fields" : "Settings") of this module: \(specs.map(\.name).joined(separator: ", "))."
        }
        diagnostics.append(
          Diagnostic(
            id: "field.unknown", location: entry.key.location,
            message: "unknown \(section == "map" ? "field" : "setting") '\(entry.key.value)' for \(context)",
            fixHint: hint))
        continue
      }
      diagnostics += checkValue(entry.value, field: field, path: field.name)
    }
    for field in specs where field.isRequired && !isGiven(mapping?[field.name]) {
      diagnostics.append(
        Diagnostic(
          id: "field.missing", location: mapping?.location ?? owner,
          message:
            "missing required \(section == "map" ? "field" : "setting") '\(field.name)' (\(field.label)) for \(context)",
          fixHint: "Add '\(field.name)' under '\(section)': \(field.help)"))
    }
    return diagnostics
  }

  private static func isGiven(_ node: YAMLNode?) -> Bool {
    guard let node else { return false }
    if case .scalar(let scalar) = node { return !scalar.isNull }
    return true
  }

  /// Checks one value against a field's type. Templates are accepted wherever a field allows them;
  /// what they produce is checked by the mapping-expression checks.
  static func checkValue(_ node: YAMLNode, field: FieldSpec, path: String) -> [Diagnostic] {
    if case .scalar(let scalar) = node {
      if scalar.isNull { return [] }
      if scalar.isTemplate {
        guard field.allowsTemplate else {
          return [
            Diagnostic(
              id: "field.templateNotAllowed", location: scalar.location,
              message: "'\(path)' is fixed when the scenario loads and cannot hold a mapping template",
              fixHint: "Write a literal value here.")
          ]
        }
        return []
      }
    }
    return checkLiteral(node, type: field.type, path: path, allowsTemplate: field.allowsTemplate)
  }

  private static func checkLiteral(
    _ node: YAMLNode, type: FieldType, path: String, allowsTemplate: Bool
  ) -> [Diagnostic] {
    func wrong(_ expected: String, hint: String? = nil) -> [Diagnostic] {
      [
        Diagnostic(
          id: "field.wrongType", location: node.location,
          message: "'\(path)' must be \(expected), not \(describe(node))", fixHint: hint)
      ]
    }
    if case .scalar(let scalar) = node, scalar.isTemplate {
      return allowsTemplate
        ? []
        : [
          Diagnostic(
            id: "field.templateNotAllowed", location: scalar.location,
            message: "'\(path)' is fixed when the scenario loads and cannot hold a mapping template",
            fixHint: "Write a literal value here.")
        ]
    }
    if case .scalar(let scalar) = node, scalar.isNull { return [] }
    switch type {
    case .any:
      return []
    case .text:
      return node.scalar == nil ? wrong("text") : []
    case .date:
      return node.scalar == nil
        ? wrong("a date", hint: "Write an ISO 8601 date such as 2026-01-31T09:00:00Z, or map one.") : []
    case .phone:
      guard let scalar = node.scalar else { return wrong("a phone number") }
      let digits = scalar.value.unicodeScalars.filter { ("0"..."9").contains($0) }.count
      let allowed = scalar.value.unicodeScalars.allSatisfy {
        ("0"..."9").contains($0) || " +-().".unicodeScalars.contains($0)
      }
      if !allowed || digits < 7 || digits > 15 {
        return [
          Diagnostic(
            id: "field.invalidPhone", location: scalar.location,
            message: "'\(path)' is not a phone number: '\(scalar.value)'",
            fixHint: "Write the number in E.164 form, such as +13105551234, or map it from a module.")
        ]
      }
      return []
    case .email:
      guard let scalar = node.scalar else { return wrong("an email address") }
      if !scalar.value.contains("@") {
        return [
          Diagnostic(
            id: "field.invalidEmail", severity: .warning, location: scalar.location,
            message: "'\(path)' does not look like an email address: '\(scalar.value)'",
            fixHint: "Write an address such as ann@example.com.")
        ]
      }
      return []
    case .url:
      guard let scalar = node.scalar else { return wrong("a URL") }
      if let url = URL(string: scalar.value), let scheme = url.scheme?.lowercased(),
        ["http", "https"].contains(scheme), url.host != nil
      {
        return []
      }
      return [
        Diagnostic(
          id: "field.invalidURL", location: scalar.location,
          message: "'\(path)' is not an http(s) URL: '\(scalar.value)'",
          fixHint: "Write a full URL such as https://example.com/items.")
      ]
    case .secret:
      guard let scalar = node.scalar else { return wrong("a secret reference (env:NAME or file:/path)") }
      if SecretReference(scalar.value) != nil { return [] }
      let looksLikeReference = scalar.value.hasPrefix("env:") || scalar.value.hasPrefix("file:")
      // Never quote the value: it may be the secret itself.
      return [
        Diagnostic(
          id: looksLikeReference ? "field.invalidSecretReference" : "field.literalSecret", location: scalar.location,
          message: looksLikeReference
            ? "'\(path)' must be env:NAME (a variable name) or file: followed by an absolute path"
            : "'\(path)' holds a literal secret; secrets are read from the environment or a file, never from the scenario",
          fixHint: looksLikeReference
            ? "Write for example 'env:SHOP_WEBHOOK_SECRET' or 'file:/etc/sonarflow/shop-secret'."
            : "Write 'env:NAME' and set NAME in serve's environment (or 'file:/path' to a file holding it), "
              + "and replace the secret: it has been written in this file.")
      ]
    case .network:
      guard let scalar = node.scalar else { return wrong("an IP network") }
      if IPNetwork(scalar.value) != nil { return [] }
      return [
        Diagnostic(
          id: "field.invalidNetwork", location: scalar.location,
          message: "'\(path)' is not an IP network: '\(scalar.value)'",
          fixHint:
            "Write an IPv4 or IPv6 network in CIDR notation, such as 203.0.113.0/24 or 2001:db8::/32, or one address.")
      ]
    case .number:
      guard let scalar = node.scalar else { return wrong("a number") }
      switch scalar.resolved {
      case .int, .float: return []
      default: return Double(scalar.value.trimmingCharacters(in: .whitespaces)) == nil ? wrong("a number") : []
      }
    case .integer(let min, let max):
      guard let scalar = node.scalar, case .int(let value) = scalar.resolved else { return wrong("a whole number") }
      if let min, value < min {
        return [
          Diagnostic(
            id: "field.outOfRange", location: scalar.location,
            message: "'\(path)' must be at least \(min), not \(value)")
        ]
      }
      if let max, value > max {
        return [
          Diagnostic(
            id: "field.outOfRange", location: scalar.location, message: "'\(path)' must be at most \(max), not \(value)"
          )
        ]
      }
      return []
    case .boolean:
      guard let scalar = node.scalar else { return wrong("true or false") }
      if case .bool = scalar.resolved { return [] }
      return ["true", "false"].contains(scalar.value.lowercased()) ? [] : wrong("true or false")
    case .select(let options):
      guard let scalar = node.scalar else { return wrong("one of \(options.joined(separator: ", "))") }
      if options.contains(scalar.value) { return [] }
      return [
        Diagnostic(
          id: "field.invalidChoice", location: scalar.location,
          message: "'\(path)' must be one of \(options.joined(separator: ", ")), not '\(scalar.value)'",
          fixHint: Suggestion.didYouMean(scalar.value, in: options))
      ]
    case .array(let item):
      guard let sequence = node.sequence else {
        return wrong("a list of \(item.label)", hint: "Write a YAML list, or map an array with a single {{…}}.")
      }
      var diagnostics: [Diagnostic] = []
      for (index, element) in sequence.items.enumerated() {
        diagnostics += checkLiteral(element, type: item, path: "\(path)[\(index + 1)]", allowsTemplate: allowsTemplate)
      }
      return diagnostics
    case .collection(let fields):
      guard let mapping = node.mapping else {
        return wrong("a mapping with \(fields.map { "'\($0.name)'" }.joined(separator: ", "))")
      }
      var diagnostics: [Diagnostic] = []
      for entry in mapping.entries {
        guard let field = fields.first(where: { $0.name == entry.key.value }) else {
          diagnostics.append(
            Diagnostic(
              id: "field.unknown", location: entry.key.location,
              message: "unknown key '\(entry.key.value)' in '\(path)'",
              fixHint: Suggestion.didYouMean(entry.key.value, in: fields.map(\.name))
                ?? "Keys: \(fields.map(\.name).joined(separator: ", "))."))
          continue
        }
        diagnostics += checkValue(entry.value, field: field, path: "\(path).\(field.name)")
      }
      for field in fields where field.isRequired && !isGiven(mapping[field.name]) {
        diagnostics.append(
          Diagnostic(
            id: "field.missing", location: mapping.location, message: "missing '\(field.name)' in '\(path)'",
            fixHint: field.help))
      }
      return diagnostics
    }
  }

  private static func describe(_ node: YAMLNode) -> String {
    switch node {
    case .scalar(let scalar):
      switch scalar.resolved {
      case .string: return "text '\(scalar.value)'"
      default: return "\(scalar.kindDescription) '\(scalar.value)'"
      }
    default: return node.kindDescription
    }
  }

  static func isValidWebhookName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 100
      && name.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
      }
  }
}
