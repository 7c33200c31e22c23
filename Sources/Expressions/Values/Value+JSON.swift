package import Foundation
import OrderedCollections

extension Value {
  /// A value from the output of `JSONSerialization` (or any tree of Foundation/Swift scalars,
  /// arrays and dictionaries). Dictionary key order is whatever the dictionary iterates in; use
  /// `init(jsonData:)` to keep the document's key order.
  package init(jsonObject: Any) {
    switch jsonObject {
    case let value as Value: self = value
    case is NSNull: self = .null
    case let text as String: self = .text(text)
    case let number as NSNumber:
      // Booleans arrive as NSNumbers whose Objective-C type is `char`.
      if String(cString: number.objCType) == "c" {
        self = .boolean(number.boolValue)
      } else {
        self = .number(number.doubleValue)
      }
    case let flag as Bool: self = .boolean(flag)
    case let number as Int: self = .number(Double(number))
    case let number as Double: self = .number(number)
    case let date as Date: self = .date(date)
    case let data as Data: self = .binary(data)
    case let array as [Any]: self = .array(array.map(Value.init(jsonObject:)))
    case let dictionary as [String: Any]:
      var result = OrderedDictionary<String, Value>()
      for (key, value) in dictionary { result[key] = Value(jsonObject: value) }
      self = .collection(result)
    default: self = .text(String(describing: jsonObject))
    }
  }

  /// A value parsed from JSON text, keeping the key order of objects.
  package init(jsonData: Data) throws(JSONSyntaxError) {
    try self.init(jsonBytes: Array(jsonData))
  }

  /// A value parsed from JSON text's UTF-8 bytes, keeping the key order of objects.
  package init(jsonBytes: [UInt8]) throws(JSONSyntaxError) {
    var parser = JSONParser(bytes: jsonBytes)
    self = try parser.parseDocument()
  }

  /// A value parsed from JSON text, keeping the key order of objects.
  package init(jsonText: String) throws(JSONSyntaxError) {
    try self.init(jsonBytes: Array(jsonText.utf8))
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
    var output = ""
    JSONWriter(pretty: prettyPrinted).write(self, into: &output, depth: 0)
    return output
  }
}

/// Malformed JSON, with the byte offset where reading stopped.
package struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
  package var offset: Int
  package var message: String
  package var description: String { "invalid JSON at byte \(offset): \(message)" }
}

private struct JSONWriter {
  var pretty: Bool

  func write(_ value: Value, into output: inout String, depth: Int) {
    switch value {
    case .null: output += "null"
    case .boolean(let flag): output += flag ? "true" : "false"
    case .number(let number): output += number.isFinite ? NumberText.render(number) : "null"
    case .text(let text): writeString(text, into: &output)
    case .date(let date): writeString(ISODate.render(date), into: &output)
    case .binary(let data): writeString(data.base64EncodedString(), into: &output)
    case .array(let items):
      if items.isEmpty {
        output += "[]"
        return
      }
      output += "["
      for (index, item) in items.enumerated() {
        if index > 0 { output += "," }
        newline(into: &output, depth: depth + 1)
        write(item, into: &output, depth: depth + 1)
      }
      newline(into: &output, depth: depth)
      output += "]"
    case .collection(let dictionary):
      if dictionary.isEmpty {
        output += "{}"
        return
      }
      output += "{"
      var first = true
      for (key, item) in dictionary {
        if !first { output += "," }
        first = false
        newline(into: &output, depth: depth + 1)
        writeString(key, into: &output)
        output += pretty ? ": " : ":"
        write(item, into: &output, depth: depth + 1)
      }
      newline(into: &output, depth: depth)
      output += "}"
    }
  }

  func newline(into output: inout String, depth: Int) {
    guard pretty else { return }
    output += "\n" + String(repeating: "  ", count: depth)
  }

  func writeString(_ text: String, into output: inout String) {
    output += "\""
    output += JSONEscaping.escape(text)
    output += "\""
  }
}

/// Escaping for text inside a JSON string literal.
package enum JSONEscaping {
  package static func escape(_ text: String) -> String {
    // Most text (ids, names, messages) has nothing to escape: returned as it is, without a copy.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      return text
    }
    var output = ""
    output.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{08}": output += "\\b"
      case "\u{0C}": output += "\\f"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output
  }
}

/// A small RFC 8259 reader that keeps object key order and limits nesting depth.
private struct JSONParser {
  let bytes: [UInt8]
  var index = 0
  static let maximumDepth = 512

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func parseDocument() throws(JSONSyntaxError) -> Value {
    skipWhitespace()
    let value = try parseValue(depth: 0)
    skipWhitespace()
    guard index == bytes.count else { throw error("unexpected text after the JSON value") }
    return value
  }

  func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: index, message: message) }

  mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }

  mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> Value {
    guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
    guard index < bytes.count else { throw error("unexpected end of input") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      var result = OrderedDictionary<String, Value>()
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .collection(result)
      }
      while true {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key string") }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        skipWhitespace()
        result[key] = try parseValue(depth: depth + 1)
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input in object") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
        index += 1
        return .collection(result)
      }
    case UInt8(ascii: "["):
      index += 1
      var items: [Value] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      while true {
        skipWhitespace()
        items.append(try parseValue(depth: depth + 1))
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input in array") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
        index += 1
        return .array(items)
      }
    case UInt8(ascii: "\""): return .text(try parseString())
    case UInt8(ascii: "t"): return try literal("true", .boolean(true))
    case UInt8(ascii: "f"): return try literal("false", .boolean(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default: return try parseNumber()
    }
  }

  mutating func literal(_ word: String, _ value: Value) throws(JSONSyntaxError) -> Value {
    let utf8 = Array(word.utf8)
    guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
      throw error("unexpected character")
    }
    index += utf8.count
    return value
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> Value {
    let start = index
    while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard !text.isEmpty, let number = NumberText.parse(text) else {
      index = start
      throw error("unexpected character")
    }
    return .number(number)
  }

  mutating func parseString() throws(JSONSyntaxError) -> String {
    index += 1  // opening quote
    var buffer: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""): return String(decoding: buffer, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard index < bytes.count else { throw error("unterminated escape") }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          {
            index += 2
            let low = try hex4()
            if (0xDC00..<0xE000).contains(low) {
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
          }
          let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
          buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        default: buffer.append(escaped)
        }
      default: buffer.append(byte)
      }
    }
    throw error("unterminated string")
  }

  mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count,
      let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    else { throw error("invalid \\u escape") }
    index += 4
    return code
  }
}
