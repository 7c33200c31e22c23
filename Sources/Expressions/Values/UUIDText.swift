/// UUIDs as lower-case text: from their two 64-bit halves, and random ones (version 4) from the
/// system's secure generator (one `getrandom` call). Foundation's `UUID()` opens `/dev/urandom` on
/// every call on Linux, which showed up in serve's intake and replay's profiles.
package enum UUIDText {
  /// The 36 characters of the UUID whose first 8 bytes are `high` and last 8 are `low`.
  package static func lowercase(high: UInt64, low: UInt64) -> String {
    String(unsafeUninitializedCapacity: 36) { text in
      var count = 0
      func append(_ byte: UInt8) {
        text[count] = byte
        count += 1
      }
      for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
        if index == 8 || index == 12 { append(UInt8(ascii: "-")) }
        append(Hexadecimal.digit(UInt8((high >> UInt64(shift)) & 0xF)))
      }
      for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
        if index == 0 || index == 4 { append(UInt8(ascii: "-")) }
        append(Hexadecimal.digit(UInt8((low >> UInt64(shift)) & 0xF)))
      }
      return count
    }
  }

  /// The RFC 9562 variant bits (`10`) set in `low`, the rest of its top two bits cleared.
  package static func withVariant(_ low: UInt64) -> UInt64 {
    (low & ~(0xC000 << 48)) | (0x8000 << 48)
  }

  /// A random (version 4) UUID.
  package static func random() -> String {
    var generator = SystemRandomNumberGenerator()
    let high = ((generator.next() as UInt64) & ~0xF000) | 0x4000  // version 4
    return lowercase(high: high, low: withVariant(generator.next()))
  }
}
