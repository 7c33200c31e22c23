/// Text from outside (webhook data in an error message, a scenario name, a bundle) made safe for
/// one line of a log or a terminal: control characters — ESC, BEL, CR, LF, DEL, the C1 controls —
/// the Unicode line and paragraph separators, and the bidirectional overrides and isolates are
/// written as Swift escapes (`\u{1B}`), so the text can neither start a line of its own, nor send
/// a terminal escape sequence (colours, window title, clipboard), nor reorder what is shown.
///
/// Every log line of `serve` and every human output of the command line goes through
/// ``escape(_:backslashes:)``; the JSON outputs need none (JSON escapes control characters).
package enum TextEscaping {
  /// What happens to a backslash already in the text.
  package enum Backslashes: Sendable {
    /// Doubled (`\\`), so every escape in the result reads back unambiguously: for fields such as
    /// names and messages.
    case doubled
    /// Kept: for text that is already JSON, whose backslashes are its own escapes (doubling them
    /// would show `\\"` for a quote).
    case kept
  }

  package static func escape(_ text: String, backslashes: Backslashes = .doubled) -> String {
    let escapesBackslash = backslashes == .doubled
    // Most text (ids, names, messages) has nothing to escape: returned as it is, without a copy.
    guard text.unicodeScalars.contains(where: { needsEscape($0) || (escapesBackslash && $0 == "\\") }) else {
      return text
    }
    var output = ""
    output.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      if scalar == "\\" && escapesBackslash {
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
    switch scalar.value {
    // Left-to-right and right-to-left marks, embeddings, overrides and isolates, and the Arabic
    // letter mark: they reorder the rest of the line ("Trojan Source").
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: break
    }
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
  }
}
