#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An IP network in CIDR notation: `10.0.0.0/8`, `2001:db8::/32`; a single address stands for
/// itself (`/32` or `/128`). An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`, as a dual-stack
/// socket reports an IPv4 peer) is matched as the IPv4 address it carries.
package struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
  /// 4 or 16 bytes, with the bits beyond the prefix cleared.
  package let address: [UInt8]
  package let prefixLength: Int
  package let description: String

  /// nil when `text` is not an IPv4 or IPv6 address with an optional `/prefix` in range.
  package init?(_ text: String) {
    let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    guard let bytes = Self.address(String(parts[0])) else { return nil }
    var length = bytes.count * 8
    if parts.count == 2 {
      guard let given = Int(parts[1]), given >= 0, given <= bytes.count * 8, parts[1].allSatisfy(\.isNumber)
      else { return nil }
      length = given
    }
    address = Self.masked(bytes, to: length)
    prefixLength = length
    description = text
  }

  /// Whether `peer` (4 or 16 bytes) lies in the network.
  package func contains(_ peer: [UInt8]) -> Bool {
    var peer = peer
    if peer.count == 16, address.count == 4, peer.prefix(12).elementsEqual(Self.mappedPrefix) {
      peer = Array(peer.suffix(4))
    }
    guard peer.count == address.count else { return false }
    return Self.masked(peer, to: prefixLength) == address
  }

  /// The 4 or 16 bytes of an IPv4 or IPv6 address in text form; nil when it is neither.
  package static func address(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 {
      return withUnsafeBytes(of: &v4) { Array($0) }
    }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 {
      return withUnsafeBytes(of: &v6) { Array($0) }
    }
    return nil
  }

  private static let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]

  private static func masked(_ bytes: [UInt8], to length: Int) -> [UInt8] {
    bytes.enumerated().map { index, byte in
      let kept = min(8, max(0, length - index * 8))
      return kept == 8 ? byte : byte & ~(UInt8(0xff) >> kept)
    }
  }
}
