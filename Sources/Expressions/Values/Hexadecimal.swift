/// Lower-case hexadecimal text of bytes: the `hex` output of the digest functions, content hashes
/// of scenario files, webhook bodies and polled items. A table lookup per half byte, no formatter
/// (`String(format: "%02x")` per byte showed up in serve's intake profile).
package enum Hexadecimal {
  private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

  /// `bytes` as lower-case hexadecimal, two digits per byte.
  package static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
    var text: [UInt8] = []
    text.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
