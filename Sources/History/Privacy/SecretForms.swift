/// Every way a secret can come back from a server: as it was sent, percent-encoded in a URL or a
/// form body (with `+` for a space), or escaped inside JSON. A server that echoes the token in an
/// error body, a redirect URL or a header hands it back in one of these forms, so redaction
/// (``HistoryRedactor``) searches for all of them.
///
/// A Sonar token is letters, digits, `-` and `_`, which every form leaves as they are; the other
/// forms matter for secrets with other characters.
package enum SecretForms {
  /// `secrets` and their encoded forms, without duplicates.
  package static func expanded(_ secrets: [String]) -> [String] {
    var forms: [String] = []
    var seen: Set<String> = []
    for secret in secrets where !secret.isEmpty {
      for form in self.forms(of: secret) where seen.insert(form).inserted {
        forms.append(form)
      }
    }
    return forms
  }

  private static func forms(of secret: String) -> [String] {
    [
      secret,
      percentEncoded(secret, keeping: unreserved, spaceAsPlus: false, hex: upperHex),
      percentEncoded(secret, keeping: unreserved, spaceAsPlus: false, hex: lowerHex),
      percentEncoded(secret, keeping: unreserved, spaceAsPlus: true, hex: upperHex),
      percentEncoded(secret, keeping: unreserved, spaceAsPlus: true, hex: lowerHex),
      // What Foundation's URLComponents leaves unencoded in a query value.
      percentEncoded(secret, keeping: queryAllowed, spaceAsPlus: false, hex: upperHex),
      jsonEscaped(secret, escapingSlash: false, asciiOnly: false, hex: lowerHex),
      jsonEscaped(secret, escapingSlash: true, asciiOnly: false, hex: lowerHex),
      jsonEscaped(secret, escapingSlash: false, asciiOnly: true, hex: lowerHex),
      jsonEscaped(secret, escapingSlash: false, asciiOnly: true, hex: upperHex),
      jsonEscaped(secret, escapingSlash: true, asciiOnly: true, hex: lowerHex),
    ]
  }

  private static let upperHex = Array("0123456789ABCDEF")
  private static let lowerHex = Array("0123456789abcdef")

  /// RFC 3986's unreserved characters.
  private static let unreserved: Set<UInt8> = Set(
    Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

  private static let queryAllowed: Set<UInt8> = unreserved.union(Array("!$'()*+,;:@/?".utf8))

  private static func percentEncoded(
    _ text: String, keeping allowed: Set<UInt8>, spaceAsPlus: Bool, hex: [Character]
  ) -> String {
    var output = ""
    for byte in text.utf8 {
      if allowed.contains(byte) {
        output.unicodeScalars.append(Unicode.Scalar(byte))
      } else if byte == UInt8(ascii: " ") && spaceAsPlus {
        output += "+"
      } else {
        output += "%"
        output.append(hex[Int(byte >> 4)])
        output.append(hex[Int(byte & 0xF)])
      }
    }
    return output
  }

  private static func jsonEscaped(_ text: String, escapingSlash: Bool, asciiOnly: Bool, hex: [Character]) -> String {
    func unicodeEscape(_ unit: UInt16) -> String {
      var escape = "\\u"
      for shift in [12, 8, 4, 0] { escape.append(hex[Int((unit >> UInt16(shift)) & 0xF)]) }
      return escape
    }
    var output = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "/" where escapingSlash: output += "\\/"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      default:
        if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
          for unit in String(scalar).utf16 { output += unicodeEscape(unit) }
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    return output
  }
}
