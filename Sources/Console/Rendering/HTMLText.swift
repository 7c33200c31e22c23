/// HTML written straight as UTF-8 bytes, for the parts of a page that repeat once per operation
/// (the execution page's operations and timeline, `ExecutionPage+Operations.swift`): there a
/// template's lookups by reflection and its escaping one `Character` at a time cost more than the
/// page's budget. Markup is appended as it is; every piece of data goes through ``text(_:)`` or
/// ``attribute(_:)``, which escape it for where it stands.
struct HTMLText {
  private var bytes: [UInt8] = []

  init(capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  /// The HTML written so far.
  var string: String { String(decoding: bytes, as: UTF8.self) }

  /// Markup written in the code (tags, class names, fixed words): appended as it is.
  mutating func markup(_ literal: StaticString) {
    literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// Data between tags: `&`, `<` and `>` escaped, which is all that can end text there (a quote
  /// cannot leave a text node). Never inside an attribute: that is ``attribute(_:)``.
  mutating func text(_ value: String) {
    append(value, escapingQuotes: false)
  }

  /// Data inside a double-quoted attribute value: `"` and `'` escaped as well.
  mutating func attribute(_ value: String) {
    append(value, escapingQuotes: true)
  }

  /// A number (digits and a minus sign: nothing to escape).
  mutating func number(_ value: Int) {
    bytes.append(contentsOf: String(value).utf8)
  }

  private mutating func append(_ value: String, escapingQuotes: Bool) {
    var value = value
    value.withUTF8 { utf8 in
      var start = 0
      for index in utf8.indices {
        let replacement: StaticString
        switch utf8[index] {
        case UInt8(ascii: "&"): replacement = "&amp;"
        case UInt8(ascii: "<"): replacement = "&lt;"
        case UInt8(ascii: ">"): replacement = "&gt;"
        case UInt8(ascii: "\"") where escapingQuotes: replacement = "&quot;"
        case UInt8(ascii: "'") where escapingQuotes: replacement = "&#39;"
        default: continue
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
        markup(replacement)
        start = index + 1
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
    }
  }
}
