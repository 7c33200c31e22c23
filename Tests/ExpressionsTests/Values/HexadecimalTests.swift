import Testing

@testable import Expressions

@Suite struct HexadecimalTests {
  @Test func bytesRoundTripInEitherCase() {
    #expect(Hexadecimal.bytes("00ff7Fa0") == [0x00, 0xFF, 0x7F, 0xA0])
    #expect(Hexadecimal.lowercase(Hexadecimal.bytes("DEADbeef") ?? []) == "deadbeef")
    #expect(Hexadecimal.bytes("") == [])
  }

  /// Only digits: an odd count, a sign (which `UInt8(_:radix:)` would take) or a space is refused.
  @Test(arguments: ["abc", "+f", "-1", " f", "0g", "é0"])
  func anythingButPairsOfDigitsIsRefused(text: String) {
    #expect(Hexadecimal.bytes(text) == nil)
  }
}
