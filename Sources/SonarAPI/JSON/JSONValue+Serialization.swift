/// Compact JSON text, keys in insertion order, as Sonar writes it (`{"to":"…","status":"queued"}`).
extension JSONValue {
  package var serialized: String {
    var output = ""
    write(into: &output)
    return output
  }

  package var serializedBytes: [UInt8] { Array(serialized.utf8) }

  private func write(into output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .int(let number): output += String(number)
    case .double(let number):
      if number.isFinite {
        output +=
          number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
      } else {
        output += "null"
      }
    case .string(let text): Self.writeString(text, into: &output)
    case .array(let items):
      output += "["
      for (index, item) in items.enumerated() {
        if index > 0 { output += "," }
        item.write(into: &output)
      }
      output += "]"
    case .object(let object):
      output += "{"
      for (index, entry) in object.entries.enumerated() {
        if index > 0 { output += "," }
        Self.writeString(entry.key, into: &output)
        output += ":"
        entry.value.write(into: &output)
      }
      output += "}"
    }
  }

  private static func writeString(_ text: String, into output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{08}": output += "\\b"
      case "\u{0C}": output += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }
}
