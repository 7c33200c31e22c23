import Expressions
import ModuleCatalogue
import ScenarioModel

/// Mapping expressions, checked statically and positioned inside their YAML strings: syntax,
/// unknown functions, argument counts, references to modules that do not run before, fields the
/// referenced module does not output, and results that cannot fit the target field.
struct ExpressionChecks: ValidationPass {
  func check(_ context: ValidationContext) -> [Diagnostic] {
    var checker = Checker(context: context)
    checker.run()
    return checker.diagnostics
  }
}

/// The modules a module's mapping may read: those before it on its path (asked of the context
/// one id at a time, never copied into a set per module), the trigger, and any added here.
private struct Visibility {
  let context: ValidationContext
  let moduleID: Int
  var extra: Set<Int> = [Trigger.id]

  func contains(_ id: Int) -> Bool { extra.contains(id) || context.runsBefore(id, moduleID) }

  func union(_ more: Set<Int>) -> Visibility {
    var copy = self
    copy.extra.formUnion(more)
    return copy
  }

  /// For a hint.
  var listed: String { ValidationContext.list(extra.union(context.upstream(of: moduleID)).sorted()) }
}

private struct Checker {
  let context: ValidationContext
  var diagnostics: [Diagnostic] = []

  init(context: ValidationContext) {
    self.context = context
  }

  mutating func run() {
    for module in context.scenario.allModules {
      let spec = context.catalogue[module.module.value]
      let visible = Visibility(context: context, moduleID: module.id.value)
      let failed = context.failedModules[module.id.value] ?? []
      for entry in module.map?.entries ?? [] {
        check(
          entry.value, field: spec?.field(named: entry.key.value), path: entry.key.value, visible: visible,
          owner: module, failed: failed)
      }
      for entry in module.params?.entries ?? [] {
        check(
          entry.value, field: spec?.param(named: entry.key.value), path: entry.key.value, visible: visible,
          owner: module, failed: failed)
      }
      if let filter = module.filter { checkFilter(filter, visible: visible, owner: module, failed: failed) }
      for route in module.routes {
        if let filter = route.filter {
          checkFilter(filter, visible: visible.union([module.id.value]), owner: module, failed: failed)
        }
      }
      if let handler = module.onError, let output = handler.output {
        // The substitute output may read the failed module's error.
        for entry in output.entries {
          check(
            entry.value, field: nil, path: "output.\(entry.key.value)", visible: visible.union([module.id.value]),
            owner: module, failed: failed.union([module.id.value]))
        }
      }
    }
  }

  private mutating func checkFilter(_ filter: Filter, visible: Visibility, owner: FlowModule, failed: Set<Int>) {
    for condition in filter.conditions.joined() {
      check(condition.a, field: nil, path: "a", visible: visible, owner: owner, failed: failed)
      if let b = condition.b { check(b, field: nil, path: "b", visible: visible, owner: owner, failed: failed) }
    }
  }

  private mutating func check(
    _ node: YAMLNode, field: FieldSpec?, path: String, visible: Visibility, owner: FlowModule, failed: Set<Int>
  ) {
    switch node {
    case .scalar(let scalar):
      guard scalar.isTemplate else { return }
      checkTemplate(scalar, field: field, path: path, visible: visible, owner: owner, failed: failed)
    case .sequence(let sequence):
      var itemField: FieldSpec?
      if let field, case .array(let itemType) = field.type {
        itemField = FieldSpec(field.name, field.label, itemType, help: field.help)
      }
      for (index, item) in sequence.items.enumerated() {
        check(item, field: itemField, path: "\(path)[\(index + 1)]", visible: visible, owner: owner, failed: failed)
      }
    case .mapping(let mapping):
      var fields: [FieldSpec] = []
      if let field, case .collection(let specs) = field.type { fields = specs }
      for entry in mapping.entries {
        check(
          entry.value, field: fields.first { $0.name == entry.key.value }, path: "\(path).\(entry.key.value)",
          visible: visible,
          owner: owner, failed: failed)
      }
    }
  }

  private mutating func checkTemplate(
    _ scalar: YAMLScalar, field: FieldSpec?, path: String, visible: Visibility, owner: FlowModule, failed: Set<Int>
  ) {
    let catalogue = context.catalogue
    let names = context.moduleNames
    /// A failed module outputs only its error on the routes that handle it.
    func output(of moduleID: Int) -> OutputShape? {
      if failed.contains(moduleID) { return .moduleError }
      return names[moduleID].flatMap { catalogue[$0] }?.output
    }
    let analysis = Template.analyze(scalar.value) { moduleID, components in
      guard let output = output(of: moduleID) else { return nil }
      guard case .found(let shape) = output.lookup(components.map(Self.key)) else { return nil }
      return Self.kind(of: shape)
    }
    let positions = context.scenario.source.locations(of: scalar)
    func location(_ offset: Int) -> SourceLocation {
      positions[max(0, min(offset, positions.count - 1))]
    }
    for finding in analysis.diagnostics {
      diagnostics.append(finding.diagnostic(at: location))
    }
    for reference in analysis.references {
      let at = location(reference.offset)
      guard let name = names[reference.moduleID] else {
        diagnostics.append(
          Diagnostic(
            id: "expression.unknownModule", location: at,
            message: "there is no module \(reference.moduleID) in this scenario",
            fixHint: "Refer to a module before this one: \(visible.listed).")
        )
        continue
      }
      // A duplicated id already has its error; which of its modules is meant cannot be known.
      if context.duplicateIDs.contains(reference.moduleID) || context.duplicateIDs.contains(owner.id.value) {
        continue
      }
      guard visible.contains(reference.moduleID) else {
        diagnostics.append(
          Diagnostic(
            id: "expression.notUpstream", location: at,
            message:
              "module \(reference.moduleID) ('\(name)') does not run before module \(owner.id.value) on its path",
            fixHint:
              "Mapping can only read modules that ran earlier on the same path (not later modules, other routes, or modules inside an aggregation that already ended): \(visible.listed)."
          ))
        continue
      }
      guard let shape = output(of: reference.moduleID), !reference.path.isEmpty else { continue }
      if case .missing(let key, let depth, let available) = shape.lookup(reference.path.map(Self.key)),
        !available.isEmpty
      {
        let message: String
        switch (failed.contains(reference.moduleID), depth) {
        case (true, 0):
          message =
            "module \(reference.moduleID) ('\(name)') outputs only its error on the route that handles it, not '\(key)'"
        case (true, _):
          message = "the error of module \(reference.moduleID) ('\(name)') has no field '\(key)'"
        case (false, _):
          message = "module \(reference.moduleID) ('\(name)') does not output '\(key)'"
        }
        // Where the field really is, deeper in the output (`1.customer.phone_number`).
        let nested = shape.paths(toFieldNamed: key).map { "\(reference.moduleID).\($0)" }
        let hint =
          nested.first.map { "Did you mean '\($0)'?" } ?? Suggestion.didYouMean(key, in: available)
          ?? "Its output has: \(available.joined(separator: ", "))."
        // A required field given nothing but this reference would be empty at run time: an error.
        let severity: Severity = field?.isRequired == true && analysis.isLoneReference ? .error : .warning
        diagnostics.append(
          Diagnostic(
            id: "expression.unknownField", severity: severity, location: at,
            message: severity == .error ? message + ", so the required field '\(path)' would be empty" : message,
            fixHint: hint))
      }
    }
    if let field, !analysis.hasErrors, let problem = Self.mismatch(analysis.resultKind, field.type) {
      diagnostics.append(
        Diagnostic(
          id: "expression.typeMismatch", location: scalar.location,
          message: "'\(path)' expects \(field.type.label), but this template gives \(problem)",
          fixHint:
            "Pick one value out of it (e.g. {{first(…)}} or {{join(…; \", \")}}), or map a field of the right type."))
    }
  }

  private static func key(_ component: PathComponent) -> String {
    switch component {
    case .key(let key): key
    case .index(let index): String(index)
    case .allItems: "1"
    }
  }

  private static func kind(of shape: OutputShape) -> ValueKind? {
    switch shape {
    case .text: .text
    case .number: .number
    case .boolean: .boolean
    case .date: .date
    case .array: .array
    case .collection: .collection
    case .any, .dynamic: nil
    }
  }

  /// A result that can never fit the field: a list or mapping where a single value is expected.
  private static func mismatch(_ kind: ValueKind, _ type: FieldType) -> String? {
    switch (kind, type) {
    case (.array, .text), (.array, .phone), (.array, .email), (.array, .url), (.array, .number), (.array, .integer),
      (.array, .boolean), (.array, .date), (.array, .select):
      "an array"
    case (.collection, .text), (.collection, .phone), (.collection, .email), (.collection, .url),
      (.collection, .number),
      (.collection, .integer), (.collection, .boolean), (.collection, .date), (.collection, .select):
      "a collection"
    default:
      nil
    }
  }
}
