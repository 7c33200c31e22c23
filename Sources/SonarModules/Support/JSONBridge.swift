import Expressions
import OrderedCollections
import SonarAPI

/// Converts between the Sonar client's JSON and the engine's values, keeping key order.
enum JSONBridge {
  static func value(_ json: JSONValue) -> Value {
    switch json {
    case .null: .null
    case .bool(let flag): .boolean(flag)
    case .int(let number): .number(Double(number))
    case .double(let number): .number(number)
    case .string(let text): .text(text)
    case .array(let items): .array(items.map(value))
    case .object(let object): value(object)
    }
  }

  static func value(_ object: JSONObject) -> Value {
    var fields = OrderedDictionary<String, Value>()
    for entry in object.entries { fields[entry.key] = value(entry.value) }
    return .collection(fields)
  }

  static func json(_ value: Value) -> JSONValue {
    switch value {
    case .null: return .null
    case .boolean(let flag): return .bool(flag)
    case .number(let number):
      if number.rounded() == number, abs(number) < 9.0e15 { return .int(Int(number)) }
      return .double(number)
    case .text(let text): return .string(text)
    case .date: return .string(value.rendered)
    case .binary: return .string(value.rendered)
    case .array(let items): return .array(items.map(json))
    case .collection(let fields):
      var object = JSONObject()
      for (key, field) in fields { object[key] = json(field) }
      return .object(object)
    }
  }
}
