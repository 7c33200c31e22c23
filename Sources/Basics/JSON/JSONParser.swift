/// Reads JSON text (RFC 8259) into a ``JSONValue``, keeping object key order.
///
/// The one JSON reader of sonarflow: webhook bodies, Sonar's answers, stored bundles, resume state,
/// the emulator's state file and the history redactor all go through it. Hostile input — deep
/// nesting, bad escapes, truncated text, numbers outside the double range, huge objects with
/// repeated keys — ends in a thrown ``JSONSyntaxError`` with the byte offset, never a crash, and
/// reading stays linear in the size of the text.
package struct JSONParser {
  /// How a document is read.
  package struct Options: Sendable, Hashable {
    /// Arrays and objects nested deeper than this are refused (the reader recurses).
    package var maximumDepth: Int
    /// What happens to a key an object repeats.
    package var duplicateKeys: DuplicateKeys
    /// Numbers are kept as written (``JSONValue/numberText(_:)``) instead of as `Int`/`Double`.
    package var keepsNumberText: Bool

    package init(maximumDepth: Int = 512, duplicateKeys: DuplicateKeys = .lastWins, keepsNumberText: Bool = false) {
      self.maximumDepth = maximumDepth
      self.duplicateKeys = duplicateKeys
      self.keepsNumberText = keepsNumberText
    }

    /// For values: repeated keys collapse, numbers are numbers.
    package static let standard = Options()
    /// For rewriting a document without changing anything but what the rewrite touches: every
    /// member kept, numbers as written.
    package static let verbatim = Options(duplicateKeys: .keepAll, keepsNumberText: true)
  }

  /// What happens to a key an object repeats (`{"a":1,"a":2}`).
  package enum DuplicateKeys: Sendable, Hashable {
    /// The key keeps its first position and takes the last value, as JavaScript's `JSON.parse` does.
    case lastWins
    /// Every member is kept, in order.
    case keepAll
    /// The document is refused.
    case reject
  }

  private let bytes: [UInt8]
  private let options: Options
  private var index = 0
  private var depth = 0

  private init(bytes: [UInt8], options: Options) {
    self.bytes = bytes
    self.options = options
  }

  package static func parse(_ text: String, options: Options = .standard) throws(JSONSyntaxError) -> JSONValue {
    try parse(Array(text.utf8), options: options)
  }

  /// The one value `bytes` hold (UTF-8; whitespace around it allowed).
  package static func parse(_ bytes: [UInt8], options: Options = .standard) throws(JSONSyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: bytes, options: options)
    parser.skipWhitespace()
    let value = try parser.parseValue()
    parser.skipWhitespace()
    guard parser.index == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
    return value
  }

  private func failure(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
    JSONSyntaxError(offset: offset ?? index, message: message)
  }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x0A, 0x0D, 0x09: index += 1
      default: return
      }
    }
  }

  private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
    guard index < bytes.count else { throw failure("unexpected end of input") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw failure("unexpected character")
    }
  }

  private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
    let count = word.utf8CodeUnitCount
    guard index + count <= bytes.count else { throw failure("unexpected end of input") }
    let matches = word.withUTF8Buffer { expected in
      (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
    }
    guard matches else { throw failure("unexpected character") }
    index += count
    return value
  }

  private mutating func enter() throws(JSONSyntaxError) {
    depth += 1
    guard depth <= options.maximumDepth else { throw failure("nesting deeper than \(options.maximumDepth)") }
  }

  private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    index += 1
    var entries: [JSONObject.Entry] = []
    // Positions of keys already read, once an object is big enough for a linear search to matter.
    var positions: [String: Int]? = nil
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(JSONObject(entries: entries))
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key string") }
      let keyOffset = index
      let key = try parseString()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
      index += 1
      skipWhitespace()
      let value = try parseValue()
      if options.duplicateKeys == .keepAll {
        entries.append(JSONObject.Entry(key: key, value: value))
      } else {
        let existing: Int?
        if let found = positions {
          existing = found[key]
        } else {
          existing = entries.firstIndex { $0.key == key }
        }
        if let existing {
          guard options.duplicateKeys == .lastWins else {
            throw failure("the key \"\(key)\" appears twice in one object", at: keyOffset)
          }
          entries[existing].value = value
        } else {
          positions?[key] = entries.count
          entries.append(JSONObject.Entry(key: key, value: value))
          if positions == nil, entries.count == 16 {
            positions = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, $0) })
          }
        }
      }
      skipWhitespace()
      guard index < bytes.count else { throw failure("unexpected end of input in an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "}") else { throw failure("expected ',' or '}'") }
      index += 1
      return .object(JSONObject(entries: entries))
    }
  }

  private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    index += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue())
      skipWhitespace()
      guard index < bytes.count else { throw failure("unexpected end of input in an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "]") else { throw failure("expected ',' or ']'") }
      index += 1
      return .array(items)
    }
  }

  /// A string literal; the index is on its opening quote. Invalid UTF-8 inside it reads as U+FFFD.
  private mutating func parseString() throws(JSONSyntaxError) -> String {
    let start = index
    index += 1
    // Most strings have no escape: decoded in one go from the bytes between the quotes.
    var runStart = index
    var text = ""
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        if text.isEmpty {
          text = String(decoding: bytes[runStart..<index], as: UTF8.self)
        } else {
          text += String(decoding: bytes[runStart..<index], as: UTF8.self)
        }
        index += 1
        return text
      case UInt8(ascii: "\\"):
        text += String(decoding: bytes[runStart..<index], as: UTF8.self)
        index += 1
        try appendEscape(to: &text)
        runStart = index
      case 0x00..<0x20:
        throw failure("a control character must be escaped inside a string")
      default:
        index += 1
      }
    }
    throw failure("unterminated string", at: start)
  }

  /// The escape after a backslash (the index is past the backslash).
  private mutating func appendEscape(to text: inout String) throws(JSONSyntaxError) {
    guard index < bytes.count else { throw failure("unterminated escape") }
    let escape = bytes[index]
    index += 1
    switch escape {
    case UInt8(ascii: "\""): text += "\""
    case UInt8(ascii: "\\"): text += "\\"
    case UInt8(ascii: "/"): text += "/"
    case UInt8(ascii: "b"): text += "\u{08}"
    case UInt8(ascii: "f"): text += "\u{0C}"
    case UInt8(ascii: "n"): text += "\n"
    case UInt8(ascii: "r"): text += "\r"
    case UInt8(ascii: "t"): text += "\t"
    case UInt8(ascii: "u"):
      var code = try hex4()
      if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
        bytes[index + 1] == UInt8(ascii: "u")
      {
        let lowStart = index
        index += 2
        let low = try hex4()
        if (0xDC00..<0xE000).contains(low) {
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else {
          // A high surrogate alone: replaced, and the next escape read on its own.
          index = lowStart
        }
      }
      text.unicodeScalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
    default:
      throw failure("invalid escape '\\\(Character(Unicode.Scalar(escape)))'", at: index - 2)
    }
  }

  private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw failure("invalid \\u escape")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }

  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; a number too large for a double is refused
  /// rather than read as infinity, so what is stored is what was sent.
  private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
    let start = index
    var isInteger = true
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number", at: start) }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
      if index < bytes.count, isDigit(bytes[index]) { throw failure("a number cannot start with 0", at: start) }
    } else {
      skipDigits()
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number", at: start) }
      skipDigits()
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number", at: start) }
      skipDigits()
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if isInteger, let number = Int(text) {
      return options.keepsNumberText ? .numberText(text) : .int(number)
    }
    guard let number = Double(text), number.isFinite else {
      throw failure("the number \(text.prefix(40)) is outside the range of a double", at: start)
    }
    return options.keepsNumberText ? .numberText(text) : .double(number)
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  private mutating func skipDigits() {
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
  }
}

/// Malformed JSON, with the byte offset where reading stopped.
package struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
  package var offset: Int
  package var message: String

  package init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  package var description: String { "invalid JSON at byte \(offset): \(message)" }
}
