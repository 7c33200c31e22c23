import Basics
import Testing

@Suite struct IPNetworkTests {
  @Test(arguments: [
    ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false),
    ("203.0.113.7", "203.0.113.7", true), ("203.0.113.7", "203.0.113.8", false),
    ("192.168.1.128/25", "192.168.1.200", true), ("192.168.1.128/25", "192.168.1.127", false),
    ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
    ("::1", "::1", true), ("0.0.0.0/0", "198.51.100.1", true),
    // A dual-stack socket reports an IPv4 peer as an IPv4-mapped IPv6 address.
    ("127.0.0.0/8", "::ffff:127.0.0.1", true), ("10.0.0.0/8", "::ffff:127.0.0.1", false),
    ("10.0.0.0/8", "::1", false),
  ])
  func contains(_ network: String, _ peer: String, _ expected: Bool) throws {
    let parsed = try #require(IPNetwork(network))
    let address = try #require(IPNetwork.address(peer))
    #expect(parsed.contains(address) == expected)
  }

  @Test(arguments: ["", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "example.com", "::/129", "10.0.0.0/+8", "1.2.3.4/8/9"])
  func rejects(_ text: String) {
    #expect(IPNetwork(text) == nil)
  }
}
