package import Foundation
import OrderedCollections

/// `Codable` for embedding values in Codable types (history records, API payloads). Dates encode
/// as ISO 8601 text and decode as text; binary encodes as Base64 text. Decoding a JSON object
/// keeps the key order the decoder reports, which JSONDecoder does not promise; use
/// `Value(jsonData:)` where key order matters.
extension Value: Codable {
  package init(from decoder: any Decoder) throws {
    if let keyed = try? decoder.container(keyedBy: DynamicKey.self) {
      var dictionary = OrderedDictionary<String, Value>()
      for key in keyed.allKeys { dictionary[key.stringValue] = try keyed.decode(Value.self, forKey: key) }
      self = .collection(dictionary)
      return
    }
    if var unkeyed = try? decoder.unkeyedContainer() {
      var items: [Value] = []
      while !unkeyed.isAtEnd { items.append(try unkeyed.decode(Value.self)) }
      self = .array(items)
      return
    }
    let single = try decoder.singleValueContainer()
    if single.decodeNil() {
      self = .null
    } else if let flag = try? single.decode(Bool.self) {
      self = .boolean(flag)
    } else if let number = try? single.decode(Double.self) {
      self = .number(number)
    } else {
      self = .text(try single.decode(String.self))
    }
  }

  package func encode(to encoder: any Encoder) throws {
    switch self {
    case .null:
      var single = encoder.singleValueContainer()
      try single.encodeNil()
    case .boolean(let flag):
      var single = encoder.singleValueContainer()
      try single.encode(flag)
    case .number(let number):
      var single = encoder.singleValueContainer()
      if number.isFinite { try single.encode(number) } else { try single.encodeNil() }
    case .text(let text):
      var single = encoder.singleValueContainer()
      try single.encode(text)
    case .date(let date):
      var single = encoder.singleValueContainer()
      try single.encode(ISODate.render(date))
    case .binary(let data):
      var single = encoder.singleValueContainer()
      try single.encode(data.base64EncodedString())
    case .array(let items):
      var unkeyed = encoder.unkeyedContainer()
      for item in items { try unkeyed.encode(item) }
    case .collection(let dictionary):
      var keyed = encoder.container(keyedBy: DynamicKey.self)
      for (key, item) in dictionary { try keyed.encode(item, forKey: DynamicKey(key)) }
    }
  }
}

private struct DynamicKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { stringValue = String(intValue) }
}
