import Foundation

/// Ids of webhook deliveries (and of the executions that process them): `UUID()` opens
/// `/dev/urandom` on every call on Linux, which showed up in serve's intake profile.
enum DeliveryID {
  private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

  /// A time-ordered (version 7) UUID in lower-case text: 48 bits of Unix milliseconds, then 74
  /// random bits from the system's secure generator (`getrandom`). Deliveries and their executions
  /// are keyed by it, so consecutive inserts land on the same right-most B-tree pages of the id
  /// indexes instead of a random page each (random v4 ids dirtied one more page per row per index).
  static func timeOrdered(now: Date = Date()) -> String {
    var generator = SystemRandomNumberGenerator()
    let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
    let random = generator.next() as UInt64
    let high = (milliseconds << 16) | 0x7000 | (random & 0x0FFF)  // version 7
    let low = ((generator.next() as UInt64) & ~(0xC000 << 48)) | (0x8000 << 48)  // RFC 9562 variant
    var text: [UInt8] = []
    text.reserveCapacity(36)
    for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
      if index == 8 || index == 12 { text.append(UInt8(ascii: "-")) }
      text.append(digits[Int((high >> UInt64(shift)) & 0xF)])
    }
    for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
      if index == 0 || index == 4 { text.append(UInt8(ascii: "-")) }
      text.append(digits[Int((low >> UInt64(shift)) & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
