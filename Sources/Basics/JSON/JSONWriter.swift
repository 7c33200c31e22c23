/// Writes JSON text, compact or indented by two spaces, from calls that walk a tree: the one
/// writer behind ``JSONValue/serialized`` and the engine's values (which add dates and binary data
/// of their own and so walk their own tree).
///
/// Numbers are written as JavaScript writes them (``NumberText``); a number JSON cannot hold
/// (NaN, infinity) is written as `null`.
package struct JSONWriter {
  package private(set) var text = ""
  private let pretty: Bool
  private var depth = 0
  /// No element has been written yet in the innermost open array or object.
  private var atFirstElement = true

  package init(pretty: Bool = false) { self.pretty = pretty }

  package mutating func null() { text += "null" }
  package mutating func bool(_ flag: Bool) { text += flag ? "true" : "false" }
  package mutating func int(_ number: Int) { text += String(number) }

  package mutating func number(_ number: Double) {
    text += number.isFinite ? NumberText.render(number) : "null"
  }

  /// A number's text as a document wrote it (``JSONValue/numberText(_:)``).
  package mutating func numberText(_ digits: String) { text += digits }

  package mutating func string(_ value: String) {
    text += "\""
    text += JSONEscaping.escape(value)
    text += "\""
  }

  package mutating func beginArray() { open("[") }
  package mutating func endArray() { close("]") }
  package mutating func beginObject() { open("{") }
  package mutating func endObject() { close("}") }

  /// Before each value in an array.
  package mutating func element() {
    if !atFirstElement { text += "," }
    atFirstElement = false
    newline()
  }

  /// Before each value in an object: its key.
  package mutating func key(_ key: String) {
    element()
    string(key)
    text += pretty ? ": " : ":"
  }

  /// An array of `items`, each written by `write`.
  @inlinable package mutating func array<Items: Sequence>(
    _ items: Items, _ write: (Items.Element, inout JSONWriter) -> Void
  ) {
    beginArray()
    for item in items {
      element()
      write(item, &self)
    }
    endArray()
  }

  /// An object of `members` in their order, each value written by `write`.
  @inlinable package mutating func object<Members: Sequence, Member>(
    _ members: Members, _ write: (Member, inout JSONWriter) -> Void
  ) where Members.Element == (key: String, value: Member) {
    beginObject()
    for (name, member) in members {
      key(name)
      write(member, &self)
    }
    endObject()
  }

  private mutating func open(_ bracket: String) {
    text += bracket
    depth += 1
    atFirstElement = true
  }

  private mutating func close(_ bracket: String) {
    depth -= 1
    if !atFirstElement { newline() }
    text += bracket
    atFirstElement = false
  }

  private mutating func newline() {
    guard pretty else { return }
    text += "\n"
    text += String(repeating: "  ", count: depth)
  }
}

extension JSONValue {
  /// Compact JSON text, keys in order (`{"to":"…","status":"queued"}`, as Sonar writes it).
  package var serialized: String { text(pretty: false) }

  package var serializedBytes: [UInt8] { Array(serialized.utf8) }

  /// JSON text, compact or indented.
  package func text(pretty: Bool) -> String {
    var writer = JSONWriter(pretty: pretty)
    write(to: &writer)
    return writer.text
  }

  package func write(to writer: inout JSONWriter) {
    switch self {
    case .null: writer.null()
    case .bool(let flag): writer.bool(flag)
    case .int(let number): writer.int(number)
    case .double(let number): writer.number(number)
    case .numberText(let digits): writer.numberText(digits)
    case .string(let text): writer.string(text)
    case .array(let items): writer.array(items) { $0.write(to: &$1) }
    case .object(let object):
      writer.object(object.entries.lazy.map { (key: $0.key, value: $0.value) }) { $0.write(to: &$1) }
    }
  }
}
