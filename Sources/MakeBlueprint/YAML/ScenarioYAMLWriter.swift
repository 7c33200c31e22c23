import Basics

/// Writes a JSON value as block-style YAML that reads back to the same value: every string is
/// double-quoted (so `"3"`, `"true"` and `"{{1.text}}"` stay text), numbers keep the text the
/// blueprint wrote, and empty collections are written `{}` and `[]`.
enum ScenarioYAMLWriter {
  static func document(_ root: JSONObject, header: [String] = []) -> String {
    var output = header.map { "# \($0)\n" }.joined()
    write(object: root, indent: 0, into: &output)
    return output
  }

  private static func write(object: JSONObject, indent: Int, into output: inout String) {
    let pad = String(repeating: " ", count: indent)
    for entry in object.entries {
      output += pad + key(entry.key) + ":"
      writeValue(entry.value, indent: indent, into: &output)
    }
  }

  /// Writes what follows `key:` or `-`: a scalar on the same line, a collection below it.
  private static func writeValue(_ value: JSONValue, indent: Int, into output: inout String) {
    switch value {
    case .object(let object) where !object.isEmpty:
      output += "\n"
      write(object: object, indent: indent + 2, into: &output)
    case .array(let items) where !items.isEmpty:
      output += "\n"
      write(array: items, indent: indent + 2, into: &output)
    default:
      output += " " + scalar(value) + "\n"
    }
  }

  private static func write(array items: [JSONValue], indent: Int, into output: inout String) {
    let pad = String(repeating: " ", count: indent)
    for item in items {
      switch item {
      case .object(let object) where !object.isEmpty:
        // The first key on the dash's line, the others aligned under it.
        var nested = ""
        write(object: object, indent: indent + 2, into: &nested)
        output += pad + "- " + nested.dropFirst(indent + 2)
      case .array(let inner) where !inner.isEmpty:
        output += pad + "-\n"
        write(array: inner, indent: indent + 2, into: &output)
      default:
        output += pad + "- " + scalar(item) + "\n"
      }
    }
  }

  private static func scalar(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool(let flag): flag ? "true" : "false"
    case .int(let number): String(number)
    case .double(let number): NumberText.render(number)
    case .numberText(let text): text
    case .string(let text): quoted(text)
    case .array: "[]"
    case .object: "{}"
    }
  }

  /// Keys are plain when they cannot be read as anything but the same text.
  private static func key(_ text: String) -> String {
    let reserved: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
    guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic, first.isASCII,
      text.unicodeScalars.allSatisfy({
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
      }),
      !reserved.contains(text.lowercased())
    else { return quoted(text) }
    return text
  }

  /// A YAML double-quoted scalar: JSON's escaping (the C0 controls), plus escapes for what YAML
  /// does not take as it is: the characters outside its printable set (DEL, the C1 controls,
  /// U+FFFE, U+FFFF), those it reads as line breaks (U+0085, U+2028, U+2029) and the byte-order
  /// mark, so the text reads back unchanged.
  static func quoted(_ text: String) -> String {
    let escaped = JSONEscaping.escape(text)
    guard escaped.unicodeScalars.contains(where: needsEscape) else { return "\"\(escaped)\"" }
    var output = ""
    for scalar in escaped.unicodeScalars {
      if needsEscape(scalar) {
        let hex = String(scalar.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        output.unicodeScalars.append(scalar)
      }
    }
    return "\"\(output)\""
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: true
    default: false
    }
  }
}
