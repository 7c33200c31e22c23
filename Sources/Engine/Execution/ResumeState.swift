package import Expressions
package import Foundation
import OrderedCollections

/// Everything needed to continue a stopped bundle from the module that failed: the outputs of the
/// modules before it and the execution's variables. Stored as JSON in history.
package struct ResumeState: Sendable, Equatable {
  package var failedModuleID: Int
  /// Module outputs by module id on the failed bundle's path (the trigger's bundle under 1).
  package var outputs: [Int: Value]
  package var variables: [String: Value]

  package init(failedModuleID: Int, outputs: [Int: Value], variables: [String: Value]) {
    self.failedModuleID = failedModuleID
    self.outputs = outputs
    self.variables = variables
  }

  /// The state as JSON that reads back exactly: key order kept, dates and binary data tagged so
  /// they come back as dates and data, not text (``StoredValue``).
  package var jsonData: Data {
    var outputObject = OrderedDictionary<String, Value>()
    for id in outputs.keys.sorted() { outputObject[String(id)] = StoredValue.encode(outputs[id] ?? .null) }
    var variableObject = OrderedDictionary<String, Value>()
    for name in variables.keys.sorted() { variableObject[name] = StoredValue.encode(variables[name] ?? .null) }
    let object: Value = .collection([
      "failedModuleID": .number(Double(failedModuleID)), "outputs": .collection(outputObject),
      "variables": .collection(variableObject),
    ])
    return Data(object.jsonText().utf8)
  }

  package init?(jsonData: Data) {
    guard case .collection(let object)? = try? Value(jsonData: jsonData),
      case .number(let failed)? = object["failedModuleID"], let failedID = Int(exactly: failed)
    else { return nil }
    failedModuleID = failedID
    var outputs: [Int: Value] = [:]
    if case .collection(let stored)? = object["outputs"] {
      for (key, value) in stored {
        if let id = Int(key) { outputs[id] = StoredValue.decode(value) }
      }
    }
    self.outputs = outputs
    var variables: [String: Value] = [:]
    if case .collection(let stored)? = object["variables"] {
      for (key, value) in stored { variables[key] = StoredValue.decode(value) }
    }
    self.variables = variables
  }
}

/// How a bundle value is written in resume state so that it reads back as it was. JSON has no
/// dates or binary data: a date is written `{"$date": 1796420570.123}` (seconds since 1970, the
/// exact number the date holds), binary data `{"$binary": "<base64>"}`, and a collection whose
/// only key starts with `$` is wrapped as `{"$collection": …}` so that it is never read as one of
/// those.
enum StoredValue {
  static func encode(_ value: Value) -> Value {
    switch value {
    case .null, .boolean, .number, .text:
      return value
    case .date(let date):
      return .collection(["$date": .number(date.timeIntervalSince1970)])
    case .binary(let data):
      return .collection(["$binary": .text(data.base64EncodedString())])
    case .array(let items):
      return .array(items.map(encode))
    case .collection(let fields):
      let encoded = Value.collection(fields.mapValues(encode))
      if fields.count == 1, fields.keys[0].hasPrefix("$") { return .collection(["$collection": encoded]) }
      return encoded
    }
  }

  static func decode(_ value: Value) -> Value {
    switch value {
    case .array(let items):
      return .array(items.map(decode))
    case .collection(let fields):
      if fields.count == 1, let tag = fields.keys.first, tag.hasPrefix("$") {
        switch (tag, fields.values[0]) {
        case ("$date", .number(let seconds)):
          return .date(Date(timeIntervalSince1970: seconds))
        case ("$binary", .text(let text)):
          if let data = Data(base64Encoded: text) { return .binary(data) }
        case ("$collection", .collection(let inner)):
          return .collection(inner.mapValues(decode))
        default:
          break
        }
      }
      return .collection(fields.mapValues(decode))
    default:
      return value
    }
  }
}
