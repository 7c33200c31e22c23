package import Basics
package import Foundation
import OrderedCollections

extension Value {
  /// A value parsed from JSON text, keeping the key order of objects.
  package init(jsonData: Data) throws(JSONSyntaxError) {
    try self.init(jsonBytes: Array(jsonData))
  }

  /// A value parsed from JSON text's UTF-8 bytes, keeping the key order of objects.
  package init(jsonBytes: [UInt8]) throws(JSONSyntaxError) {
    self.init(json: try JSONParser.parse(jsonBytes))
  }

  /// A value parsed from JSON text, keeping the key order of objects.
  package init(jsonText: String) throws(JSONSyntaxError) {
    try self.init(jsonBytes: Array(jsonText.utf8))
  }

  /// The value of a JSON document: every number a number, objects as collections in key order.
  package init(json: JSONValue) {
    switch json {
    case .null: self = .null
    case .bool(let flag): self = .boolean(flag)
    case .int(let number): self = .number(Double(number))
    case .double(let number): self = .number(number)
    case .numberText(let digits): self = NumberText.parse(digits).map(Value.number) ?? .text(digits)
    case .string(let text): self = .text(text)
    case .array(let items): self = .array(items.map(Value.init(json:)))
    case .object(let object):
      var fields = OrderedDictionary<String, Value>(minimumCapacity: object.count)
      for entry in object.entries { fields[entry.key] = Value(json: entry.value) }
      self = .collection(fields)
    }
  }

  /// An object's value: a collection in key order.
  package init(json object: JSONObject) {
    self.init(json: .object(object))
  }

  /// The value as a JSON document: whole numbers below 2^53 as integers, dates as ISO 8601 UTC
  /// text with milliseconds, binary data as Base64 text.
  package var json: JSONValue {
    switch self {
    case .null: return .null
    case .boolean(let flag): return .bool(flag)
    case .number(let number):
      if number.rounded() == number, abs(number) < 9.0e15 { return .int(Int(number)) }
      return .double(number)
    case .text(let text): return .string(text)
    case .date(let date): return .string(ISODate.render(date))
    case .binary(let data): return .string(data.base64EncodedString())
    case .array(let items): return .array(items.map(\.json))
    case .collection(let fields):
      return .object(JSONObject(entries: fields.map { JSONObject.Entry(key: $0.key, value: $0.value.json) }))
    }
  }

  /// The value as Foundation objects for `JSONSerialization`: dates as ISO 8601 UTC text with
  /// milliseconds, binary data as Base64 text, collections as dictionaries (losing key order; use
  /// `toJSONData()` to keep it).
  package var jsonObject: Any {
    switch self {
    case .null: NSNull()
    case .boolean(let flag): flag
    case .number(let number): number == number.rounded() && abs(number) < 9e15 ? Int(number) as Any : number
    case .text(let text): text
    case .date(let date): ISODate.render(date)
    case .array(let items): items.map(\.jsonObject)
    case .collection(let dictionary):
      Dictionary(dictionary.map { ($0.key, $0.value.jsonObject) }, uniquingKeysWith: { _, last in last })
    case .binary(let data): data.base64EncodedString()
    }
  }

  /// JSON text of the value, keys in order, dates as `2026-01-02T03:04:05.000Z`, binary as Base64.
  /// Non-finite numbers (which JSON cannot hold) are written as `null`.
  package func toJSONData(prettyPrinted: Bool = false) -> Data {
    Data(jsonText(prettyPrinted: prettyPrinted).utf8)
  }

  /// `toJSONData()` as a string.
  package func jsonText(prettyPrinted: Bool = false) -> String {
    var writer = JSONWriter(pretty: prettyPrinted)
    write(to: &writer)
    return writer.text
  }

  /// Writes the value without building a ``JSONValue`` first (bundles are written for every
  /// operation the history records).
  package func write(to writer: inout JSONWriter) {
    switch self {
    case .null: writer.null()
    case .boolean(let flag): writer.bool(flag)
    case .number(let number): writer.number(number)
    case .text(let text): writer.string(text)
    case .date(let date): writer.string(ISODate.render(date))
    case .binary(let data): writer.string(data.base64EncodedString())
    case .array(let items): writer.array(items) { $0.write(to: &$1) }
    case .collection(let fields): writer.object(fields) { $0.write(to: &$1) }
    }
  }
}
