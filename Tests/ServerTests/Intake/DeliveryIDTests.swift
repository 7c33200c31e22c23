import Expressions
import Foundation
import Testing

@testable import Server

@Suite struct DeliveryIDTests {
  @Test func lowercaseHex() {
    #expect(Hexadecimal.lowercase([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    #expect(Hexadecimal.lowercase([UInt8]()) == "")
  }

  @Test func timeOrderedUUIDsAreVersion7AndSortByTime() throws {
    let earlier = Date(timeIntervalSince1970: 1_764_115_200.123)
    let id = DeliveryID.timeOrdered(now: earlier)
    let parsed = try #require(UUID(uuidString: id))
    #expect(id == parsed.uuidString.lowercased())
    let bytes = parsed.uuid
    #expect(bytes.6 >> 4 == 7, "version 7")
    #expect(bytes.8 >> 6 == 0b10, "RFC 9562 variant")
    // The first 48 bits are the Unix time in milliseconds.
    let milliseconds = [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    #expect(milliseconds == 1_764_115_200_123)
    let later = DeliveryID.timeOrdered(now: earlier.addingTimeInterval(0.002))
    #expect(id < later)
    // Within a millisecond the next 12 bits order by the fraction of it.
    let withinTheMillisecond = DeliveryID.timeOrdered(now: earlier.addingTimeInterval(0.0005))
    #expect(id < withinTheMillisecond && withinTheMillisecond < later)
    #expect(DeliveryID.timeOrdered(now: earlier) != id, "random bits differ within a millisecond")
  }
}
