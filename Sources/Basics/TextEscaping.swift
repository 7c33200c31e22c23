/// Text from outside (webhook data in an error message, a scenario name) made safe for one log
/// line: control characters — ESC, BEL, CR, LF, DEL, the C1 controls — and the Unicode line and
/// paragraph separators are written as Swift escapes (`\u{1B}`), and a backslash as `\\`, so the
/// text can neither start a line of its own nor send a terminal escape sequence, and every escape
/// in a line reads back unambiguously.
enum LogEscaping {
  static func escape(_ text: String) -> String {
    // Most text (ids, names, messages) has nothing to escape: returned as it is, without a copy.
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var output = ""
    output.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      if scalar == "\\" {
        output += "\\\\"
      } else if needsEscape(scalar) {
        output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: true
    default: scalar == "\\"
    }
  }
}
