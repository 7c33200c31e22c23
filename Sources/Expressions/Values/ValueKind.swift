/// The static type of a value or an expression, as far as it is known before evaluation.
package enum ValueKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// Unknown until evaluation (a module reference without a declared shape, or a mixed result).
  case any
  case text
  case number
  case boolean
  case date
  case array
  case collection
  case binary
  case null

  /// The kind both branches can produce: the same kind, or `any`.
  package func union(_ other: ValueKind) -> ValueKind {
    if self == other { return self }
    if self == .null { return other }
    if other == .null { return self }
    return .any
  }
}
