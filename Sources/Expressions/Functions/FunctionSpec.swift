package import Foundation

/// One function of the mapping language, declared once: its signature, result type, description,
/// examples and implementation. The declaration drives evaluation, arity and type checks, and
/// `docs/functions.md`.
package struct FunctionSpec: Sendable {
  package enum Group: String, Sendable, Hashable, CaseIterable {
    case general
    case math
    case text = "text and binary"
    case date = "date and time"
    case array
  }

  package struct Parameter: Sendable, Hashable {
    package var name: String
    /// What the argument is coerced to; `any` takes every value.
    package var kind: ValueKind
    package var isOptional: Bool
    /// Takes any number of further arguments (`add(array; value1; value2; …)`).
    package var isVariadic: Bool

    package static func required(_ name: String, _ kind: ValueKind) -> Parameter {
      Parameter(name: name, kind: kind, isOptional: false, isVariadic: false)
    }

    package static func optional(_ name: String, _ kind: ValueKind) -> Parameter {
      Parameter(name: name, kind: kind, isOptional: true, isVariadic: false)
    }

    package static func variadic(_ name: String, _ kind: ValueKind, optional: Bool = true) -> Parameter {
      Parameter(name: name, kind: kind, isOptional: optional, isVariadic: true)
    }
  }

  /// A template and the text it renders to (evaluated in UTC, with `now` at
  /// `FunctionSpec.Example.now`, module 1 holding `FunctionSpec.Example.bundle`).
  package struct Example: Sendable, Hashable {
    package var template: String
    package var result: String

    package init(_ template: String, _ result: String) {
      self.template = template
      self.result = result
    }
  }

  package enum Implementation: Sendable {
    /// Arguments are evaluated first.
    case eager(@Sendable (_ arguments: Arguments, _ context: EvaluationContext) throws(EvaluationError) -> Value)
    /// The function decides which arguments to evaluate (`if`, `ifempty`, `switch`).
    case lazy(@Sendable (_ arguments: LazyArguments, _ context: EvaluationContext) throws(EvaluationError) -> Value)
  }

  package var name: String
  /// Make lists `length` and `contains` under both text and array functions.
  package var groups: [Group]
  package var parameters: [Parameter]
  package var result: ValueKind
  package var summary: String
  package var examples: [Example]
  /// Other accepted spellings (`startCase` for `startcase`).
  package var aliases: [String]
  package var implementation: Implementation
  /// The result kind given the argument kinds, where it depends on them (`if`, `ifempty`).
  package var inferResult: (@Sendable ([ValueKind]) -> ValueKind)?
  /// A faster implementation for a call whose arguments are partly known at compile time
  /// (`constants[i]` is argument i's value when it is a literal): `replace` compiles a literal
  /// regular expression once instead of per bundle.
  package var specialize: (@Sendable (_ constants: [Value?]) -> Implementation?)?

  package init(
    _ name: String,
    groups: [Group],
    parameters: [Parameter],
    result: ValueKind,
    summary: String,
    examples: [Example] = [],
    aliases: [String] = [],
    inferResult: (@Sendable ([ValueKind]) -> ValueKind)? = nil,
    specialize: (@Sendable (_ constants: [Value?]) -> Implementation?)? = nil,
    implementation: Implementation
  ) {
    self.specialize = specialize
    self.name = name
    self.groups = groups
    self.parameters = parameters
    self.result = result
    self.summary = summary
    self.examples = examples
    self.aliases = aliases
    self.inferResult = inferResult
    self.implementation = implementation
  }

  /// Fewest arguments accepted.
  package var minimumArguments: Int {
    parameters.filter { !$0.isOptional }.count
  }

  /// Most arguments accepted, `nil` when variadic.
  package var maximumArguments: Int? {
    parameters.contains(where: \.isVariadic) ? nil : parameters.count
  }

  /// `substring(text; start; [end])`, `add(array; value1; …)`.
  package var signature: String {
    let list = parameters.map { parameter -> String in
      var text = parameter.name
      // A variadic name that already spells its repetition (`value2; result2; …; else`) is kept.
      if parameter.isVariadic, !parameter.name.contains("…") { text += "; …" }
      return parameter.isOptional ? "[\(text)]" : text
    }
    return "\(name)(\(list.joined(separator: "; ")))"
  }

  /// The parameter that argument `index` binds to.
  package func parameter(at index: Int) -> Parameter? {
    if index < parameters.count { return parameters[index] }
    return parameters.last.flatMap { $0.isVariadic ? $0 : nil }
  }
}

extension FunctionSpec.Example {
  /// The bundle of module 1 in every example: `{"name": "Ann", "items": [1, 2, 3], …}`.
  package static let bundle: Value = {
    (try? Value(
      jsonText: """
        {"name":"Ann","company":"acme","empty":"","items":[1,2,3],"user":{"name":"Bob","email":"bob@example.com","password":"secret","age":22},"contacts":[{"name":"Tim","age":23,"label":"work"},{"name":"Bob","age":22,"label":"home"},{"name":"amy","age":31,"label":"other"}],"when":"2016-12-08T15:55:57.536Z"}
        """)) ?? .null
  }()

  /// `now` in every example: 2026-01-02T03:04:05.678Z.
  package static let now = Date(timeIntervalSince1970: 1_767_323_045.678)

  /// The context examples evaluate in: UTC, `now`, module 1 = `bundle`, execution id `exec-1`.
  package static var context: EvaluationContext {
    EvaluationContext(
      modules: [1: bundle], timeZone: TimeZone(identifier: "UTC") ?? .current, now: now, executionID: "exec-1",
      scenarioName: "Welcome", scenarioID: "42")
  }

  /// Evaluates the example's template and renders the result.
  package func evaluate(library: FunctionLibrary = .standard) throws(EvaluationError) -> String {
    try Template.compile(template, library: library).render(in: Self.context)
  }
}
