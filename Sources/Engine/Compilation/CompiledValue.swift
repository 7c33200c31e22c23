package import Expressions
package import OrderedCollections
package import ScenarioModel

/// A `map` value compiled once when the scenario loads: literals become values, strings with
/// `{{…}}` become compiled templates, lists and mappings keep their shape.
package indirect enum CompiledValue: Sendable {
  case constant(Value)
  case template(Template, SourceLocation)
  case array([CompiledValue])
  case collection(OrderedDictionary<String, CompiledValue>)

  package init(_ node: YAMLNode) {
    switch node {
    case .scalar(let scalar):
      if scalar.isTemplate {
        self = .template(Template.compile(scalar.value), scalar.location)
        return
      }
      switch scalar.resolved {
      case .null: self = .constant(.null)
      case .bool(let value): self = .constant(.boolean(value))
      case .int(let value): self = .constant(.number(Double(value)))
      case .float(let value): self = .constant(.number(value))
      case .string: self = .constant(.text(scalar.value))
      }
    case .sequence(let sequence):
      let items = sequence.items.map(CompiledValue.init)
      if let constants = Self.constants(items) {
        self = .constant(.array(constants))
      } else {
        self = .array(items)
      }
    case .mapping(let mapping):
      var fields = OrderedDictionary<String, CompiledValue>()
      for entry in mapping.entries { fields[entry.key.value] = CompiledValue(entry.value) }
      if let constants = Self.constants(Array(fields.values)) {
        self = .constant(.collection(OrderedDictionary(uniqueKeysWithValues: zip(fields.keys, constants))))
      } else {
        self = .collection(fields)
      }
    }
  }

  /// Folds a list of values that are all constants into one constant, so literals cost nothing per bundle.
  private static func constants(_ items: [CompiledValue]) -> [Value]? {
    var values: [Value] = []
    values.reserveCapacity(items.count)
    for item in items {
      guard case .constant(let value) = item else { return nil }
      values.append(value)
    }
    return values
  }

  /// What a field's value does for one bundle.
  package enum Outcome: Sendable {
    case value(Value)
    /// The template was the `ignore` keyword: leave the field unset.
    case omit
  }

  /// Evaluates for one bundle. Errors carry the location of the template that failed.
  package func evaluate(in context: EvaluationContext) throws(MappingError) -> Outcome {
    switch self {
    case .constant(let value):
      return .value(value)
    case .template(let template, _):
      do {
        switch try template.evaluateField(in: context) {
        case .value(let value): return .value(value)
        case .ignore: return .omit
        case .erase: return .value(.null)
        }
      } catch {
        // The location is read only here, so evaluating does not copy it.
        guard case .template(_, let location) = self else { preconditionFailure("a template case") }
        throw MappingError(error: error, template: template.source, location: location)
      }
    case .array(let items):
      var values: [Value] = []
      values.reserveCapacity(items.count)
      for item in items {
        if case .value(let value) = try item.evaluate(in: context) { values.append(value) }
      }
      return .value(.array(values))
    case .collection(let fields):
      var values = OrderedDictionary<String, Value>()
      values.reserveCapacity(fields.count)
      for (key, field) in fields {
        if case .value(let value) = try field.evaluate(in: context) { values[key] = value }
      }
      return .value(.collection(values))
    }
  }

  /// The value, with `ignore` read as null.
  package func value(in context: EvaluationContext) throws(MappingError) -> Value {
    if case .value(let value) = try evaluate(in: context) { return value }
    return .null
  }
}

/// A mapping that failed for a bundle: the evaluation error, the template, and where it is written.
package struct MappingError: Error, Sendable {
  package var error: EvaluationError
  package var template: String
  package var location: SourceLocation

  /// The location of the failing part inside the template, when the error knows its offset.
  package var preciseLocation: SourceLocation {
    guard let offset = error.offset else { return location }
    return location.advanced(byColumns: offset + 1)
  }

  package var moduleError: ModuleError {
    ModuleError(.dataError, "\(error.message) in '\(template)' at \(preciseLocation)")
  }
}
