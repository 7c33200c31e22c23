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

  /// The lower-case hexadecimal digit (ASCII) of `value` (0–15).
  package static func digit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
  }
}
