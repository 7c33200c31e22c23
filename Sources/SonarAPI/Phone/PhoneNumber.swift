/// A phone number in E.164 form (`+13105551234`), the form Sonar keys customers by.
///
/// Normalisation follows the reference (§4): spaces, dashes, dots and parentheses are removed;
/// `+` and 8–15 digits is kept; exactly 10 digits is a US number (`+1` added); 11 digits starting
/// with `1` gets a `+`. Anything else is not a phone number.
package struct PhoneNumber: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The E.164 text, `+` and digits.
  package let e164: String

  package init?(_ text: String) {
    var digits = ""
    var hasPlus = false
    for (offset, character) in text.trimmingWhitespace().enumerated() {
      switch character {
      case " ", "-", ".", "(", ")": continue
      case "+" where offset == 0: hasPlus = true
      case "0"..."9": digits.append(character)
      default: return nil
      }
    }
    if hasPlus {
      guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
      e164 = "+" + digits
    } else if digits.count == 10 {
      e164 = "+1" + digits
    } else if digits.count == 11, digits.first == "1" {
      e164 = "+" + digits
    } else {
      return nil
    }
  }

  package var description: String { e164 }

  /// The digits without `+`.
  package var digits: String { String(e164.dropFirst()) }

  package init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let number = PhoneNumber(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a phone number"))
    }
    self = number
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(e164)
  }
}

extension String {
  package func trimmingWhitespace() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
