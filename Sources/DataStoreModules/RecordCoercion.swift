package import Basics
package import Engine
package import Expressions
import Foundation
package import ScenarioModel

/// Records against a store's declared structure, as Make checks them: every field must be declared,
/// and each value becomes the field's type (text, number, boolean, a date as ISO 8601 text, an
/// array, a collection) or the write fails with a `DataError`. Empty values stay empty.
extension DataStructure {
  package func coerce(_ fields: [(String, Value)]) throws(ModuleError) -> JSONObject {
    var record = JSONObject()
    for (name, value) in fields {
      guard let field = field(named: name) else {
        let names = self.fields.map(\.name).joined(separator: ", ")
        throw ModuleError(.dataError, "data store '\(self.name)' has no field '\(name)' (its fields: \(names))")
      }
      record[name] = try Self.coerce(value, to: field.type, field: name, store: self.name).json
    }
    return record
  }

  private static func coerce(
    _ value: Value, to type: FieldType, field: String, store: String
  ) throws(ModuleError) -> Value {
    if case .null = value { return .null }
    func refuse() -> ModuleError {
      ModuleError(
        .dataError, "field '\(field)' of data store '\(store)' is \(type.rawValue), not \(value.kind.rawValue)")
    }
    switch type {
    case .text:
      guard let text = try? Coercion.text(from: value) else { throw refuse() }
      return .text(text)
    case .number:
      guard let number = (try? Coercion.number(from: value)).flatMap({ $0 }) else { throw refuse() }
      return .number(number)
    case .boolean:
      if case .boolean = value { return value }
      guard let text = try? Coercion.text(from: value), ["true", "false"].contains(text.lowercased()) else {
        throw refuse()
      }
      return .boolean(text.lowercased() == "true")
    case .date:
      let utc = TimeZone(identifier: "UTC") ?? .current
      guard let date = (try? Coercion.date(from: value, timeZone: utc)).flatMap({ $0 }) else { throw refuse() }
      return .date(date)
    case .array:
      guard case .array = value else { throw refuse() }
      return value
    case .collection:
      guard case .collection = value else { throw refuse() }
      return value
    }
  }
}
