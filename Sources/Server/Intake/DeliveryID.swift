import Expressions
import Foundation

/// Ids of webhook deliveries (and of the executions that process them): `UUID()` opens
/// `/dev/urandom` on every call on Linux, which showed up in serve's intake profile.
enum DeliveryID {
  /// A time-ordered (version 7) UUID in lower-case text: 48 bits of Unix milliseconds, 12 bits of
  /// the fraction of that millisecond (RFC 9562's "increased clock precision", method 3), then 62
  /// random bits from the system's secure generator (one `getrandom` call). Deliveries and their
  /// executions are keyed by it, so consecutive inserts land on the same right-most B-tree pages of
  /// the id indexes instead of a random page each (random v4 ids dirtied one more page per row per
  /// index).
  static func timeOrdered(now: Date = Date()) -> String {
    var generator = SystemRandomNumberGenerator()
    let microseconds = UInt64(max(0, now.timeIntervalSince1970 * 1_000_000))
    let milliseconds = (microseconds / 1000) & 0xFFFF_FFFF_FFFF
    let fraction = (microseconds % 1000) * 4096 / 1000  // 12 bits
    let high = (milliseconds << 16) | 0x7000 | fraction  // version 7
    return UUIDText.lowercase(high: high, low: UUIDText.withVariant(generator.next()))
  }
}
