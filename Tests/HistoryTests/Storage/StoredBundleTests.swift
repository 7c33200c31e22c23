import Foundation
import History
import Testing

@Suite struct StoredBundleTests {
  @Test(arguments: [
    Data(), Data("{}".utf8), Data(#"{"customer":{"phone_number":"+15551234567","first_name":"Zoë"}}"#.utf8),
    Data(String(repeating: #"{"text":"hello again","n":12}"#, count: 4_000).utf8),
    Data([0x00, 0x01, 0xFF, 0xFE, 0x7B]), Data((0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 7_919 >> 3) }),
  ])
  func readsBackWhatItStored(_ value: Data) throws {
    let stored = StoredBundle.encode(value)
    #expect(try StoredBundle.decode(stored) == value)
  }

  @Test func compressesJSONAndKeepsIncompressibleBytesAsTheyAre() throws {
    let json = Data(
      #"[{"method":"POST","url":"https://api.sendsonar.com/api/v1/messages","requestHeaders":[["Accept","application/json"],["Content-Type","application/json"],["Client","sonarflow"],["X-Token","<redacted>"]],"status":202}]"#
        .utf8)
    let stored = StoredBundle.encode(json)
    #expect(stored.first == 0x01)
    // The preset dictionary holds this shape: a small exchange shrinks to a fraction.
    #expect(stored.count * 4 < json.count, "\(stored.count) of \(json.count) bytes")
    var generator = SystemRandomNumberGenerator()
    let noise = Data((0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) })
    let kept = StoredBundle.encode(noise)
    #expect(kept.first == 0x00)
    #expect(kept.dropFirst() == noise)
  }

  @Test func oneStreamForSeveralValuesKeepsThemApart() throws {
    let values: [Data?] = [
      Data(#"{"a":"first value, long enough to deflate"}"#.utf8), nil, Data(), Data(#"{"b":2}"#.utf8),
    ]
    let stored = StoredBundle.encode(values)
    #expect(stored[1] == nil)
    #expect(try stored.map { try StoredBundle.decode($0) } == values)
  }

  @Test(arguments: [Data(), Data([0x07, 0x01]), Data([0x01, 0x80]), Data([0x01, 0x05, 0x01, 0x02])])
  func damagedValuesAreErrorsNotCrashes(_ stored: Data) {
    #expect(throws: StoredBundle.DecodingError.self) { try StoredBundle.decode(stored) }
  }
}
