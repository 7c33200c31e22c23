import Foundation

/// Text helpers shared by the text functions.
enum TextSupport {
  @inline(__always)
  static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
    return scalar.properties.isWhitespace
  }

  static func trim(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
    guard let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
    if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
    return String(scalars[first...last])
  }

  /// JavaScript `substring` over characters: negative → 0, past the end → length, swapped when
  /// start > end.
  static func substring(_ text: String, start: Int, end: Int?) -> String {
    let count = text.count
    var from = max(0, min(start, count))
    var to = max(0, min(end ?? count, count))
    if from > to { swap(&from, &to) }
    let lower = text.index(text.startIndex, offsetBy: from)
    let upper = text.index(lower, offsetBy: to - from)
    return String(text[lower..<upper])
  }

  /// Character position of `search` at or after `start`, or -1.
  static func indexOf(_ text: String, _ search: String, start: Int) -> Int {
    let characters = Array(text)
    let needle = Array(search)
    let begin = max(0, start)
    guard begin <= characters.count else { return -1 }
    if needle.isEmpty { return min(begin, characters.count) }
    guard needle.count <= characters.count else { return -1 }
    var index = begin
    while index + needle.count <= characters.count {
      if characters[index] == needle[0], Array(characters[index..<index + needle.count]) == needle { return index }
      index += 1
    }
    return -1
  }

  /// Letters without their accents: NFD, then combining marks dropped.
  static func removingDiacritics(_ text: String) -> String {
    var output = String.UnicodeScalarView()
    for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars
    where scalar.properties.generalCategory != .nonspacingMark {
      output.append(scalar)
    }
    // Letters that do not decompose.
    let extra: [Character: String] = [
      "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    ]
    return String(String(output).map { extra[$0] ?? String($0) }.joined())
  }

  static func startCase(_ text: String) -> String {
    var output = ""
    var atWordStart = true
    for character in text {
      if character.isWhitespace {
        atWordStart = true
        output.append(character)
      } else if atWordStart {
        output += character.uppercased()
        atWordStart = false
      } else {
        output += character.lowercased()
      }
    }
    return output
  }

  static func capitalize(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
  }

  static func isEmoji(_ character: Character) -> Bool {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return false }
    if first.properties.isEmojiPresentation { return true }
    if first.properties.isEmoji, scalars.contains("\u{FE0F}") || scalars.contains("\u{20E3}") { return true }
    if first.properties.isEmoji && first.value >= 0x1F000 { return true }
    return (0x1F1E6...0x1F1FF).contains(first.value)
  }

  static func encodeURL(_ text: String) -> String {
    let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf8)
    var output = ""
    for byte in text.utf8 {
      if unreserved.contains(byte) {
        output.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
      }
    }
    return output
  }

  static func escapeHTML(_ text: String) -> String {
    var output = ""
    for character in text {
      switch character {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default: output.append(character)
      }
    }
    return output
  }

  static let markdownSpecials: Set<Character> = [
    "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", "!", "|", "<", ">", "~",
  ]

  static func escapeMarkdown(_ text: String) -> String {
    var output = ""
    for character in text {
      if markdownSpecials.contains(character), let scalar = character.unicodeScalars.first {
        output += "&#\(scalar.value);"
      } else {
        output.append(character)
      }
    }
    return output
  }

  static func stripHTML(_ text: String) -> String {
    var output = ""
    var inTag = false
    for character in text {
      if character == "<" {
        inTag = true
      } else if character == ">" && inTag {
        inTag = false
      } else if !inTag {
        output.append(character)
      }
    }
    return output
  }

  static func latin1(_ bytes: [UInt8]) -> String {
    String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
  }
}

extension String {
  func leftPadded(to width: Int, with pad: Character = "0") -> String {
    count >= width ? self : String(repeating: pad, count: width - count) + self
  }
}
