package import Foundation

/// Lower-case hexadecimal text of bytes: the `hex` output of the digest functions, content hashes
/// of scenario files, webhook bodies and polled items. Written straight into the string, no formatter
/// (`String(format: "%02x")` per byte showed up in serve's intake profile).
package enum Hexadecimal {
  /// `bytes` (an array, a `Data`, a digest) as lower-case hexadecimal, two digits per byte.
  package static func lowercase(_ bytes: some ContiguousBytes) -> String {
    bytes.withUnsafeBytes(lowercase(buffer:))
  }

  private static func lowercase(buffer: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: buffer.count * 2) { text in
      for (offset, byte) in buffer.enumerated() {
        text[2 * offset] = digit(byte >> 4)
        text[2 * offset + 1] = digit(byte & 0x0F)
      }
      return buffer.count * 2
    }
  }

  /// The bytes hexadecimal text spells (two digits a byte, either case); nil for anything else,
  /// an odd number of digits or a sign included.
  package static func bytes(_ text: some StringProtocol) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count.isMultiple(of: 2) else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    for index in stride(from: 0, to: digits.count, by: 2) {
      guard let high = value(of: digits[index]), let low = value(of: digits[index + 1]) else { return nil }
      bytes.append(high << 4 | low)
    }
    return bytes
  }

  private static func value(of digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  /// The lower-case hexadecimal digit (ASCII) of `value` (0–15).
  package static func digit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
  }
}
