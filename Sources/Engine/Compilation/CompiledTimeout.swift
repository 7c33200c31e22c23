import Expressions
package import ModuleCatalogue
import OrderedCollections

/// How long one operation of a module may take, worked out from its definition's
/// ``ModuleTimeoutRule`` when the scenario is compiled: a fixed limit where the field it depends on
/// is a literal (or left to its default), else read from the evaluated input of each operation.
package enum CompiledTimeout: Sendable, Equatable {
  case fixed(Duration)
  /// The seconds in field or param `name` of each operation's input, plus `margin`; at most
  /// `fallback` (also used when the value is not a usable number).
  case perOperation(name: String, margin: Duration, fallback: Duration)

  /// Make's module timeout (``ModuleTimeoutRule/make``), for a module whose definition gives none.
  static let make = CompiledTimeout(.make, fields: [:], params: [:])

  init(
    _ rule: ModuleTimeoutRule, fields: OrderedDictionary<String, CompiledValue>,
    params: OrderedDictionary<String, CompiledValue>
  ) {
    switch rule {
    case .fixed(let seconds):
      self = .fixed(.seconds(seconds))
    case .field(let name, let marginSeconds, let fallbackSeconds):
      let margin = Duration.seconds(marginSeconds)
      let fallback = Duration.seconds(fallbackSeconds)
      switch params[name] ?? fields[name] {
      case .constant(let value)?:
        self = .fixed(Self.limit(value, margin: margin, fallback: fallback))
      case nil:
        self = .fixed(fallback + margin)
      default:
        self = .perOperation(name: name, margin: margin, fallback: fallback)
      }
    }
  }

  /// The limit for one operation with `input`.
  func limit(for input: ModuleInput) -> Duration {
    switch self {
    case .fixed(let limit):
      return limit
    case .perOperation(let name, let margin, let fallback):
      return Self.limit(input.fields[name] ?? input.params[name] ?? .null, margin: margin, fallback: fallback)
    }
  }

  private static func limit(_ value: Value, margin: Duration, fallback: Duration) -> Duration {
    guard let seconds = try? Coercion.number(from: value), seconds.isFinite, seconds > 0 else {
      return fallback + margin
    }
    return min(.milliseconds(Int64(seconds * 1000)), fallback) + margin
  }
}
