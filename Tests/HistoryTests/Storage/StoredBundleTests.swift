import Basics
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

  /// Values of every window size in one record (one stream per size, each reset between values)
  /// read back as they were.
  @Test func valuesOfEverySizeInOneRecordReadBack() throws {
    let sizes = [1, 30, 200, 900, 1_500, 3_000, 6_500, 14_000, 30_000, 70_000, 900, 30]
    let values: [Data?] = sizes.map { size in
      var text = #"{"size":\#(size),"text":""#
      var index = 0
      while text.utf8.count < size - 2 {
        text += "word\(index * 7_919 % 1_000) "
        index += 1
      }
      return Data((String(text.utf8.prefix(max(0, size - 2))) ?? text).utf8 + Data(#""}"#.utf8))
    }
    let stored = StoredBundle.encode(values)
    #expect(try stored.map { try StoredBundle.decode($0) } == values)
    #expect(stored.filter { $0?.first == 0x01 }.count >= 10, "all but the shortest are deflated")
  }

  /// A stream's window is sized to the value, yet still reaches from the value's last byte back to
  /// the start of the preset dictionary: the dictionary's first 80 bytes, which nothing else in it
  /// repeats, at the end of a value cost a few bytes (one match), where 80 random letters cost
  /// about 50.
  @Test(arguments: [0, 700, 1_800, 3_900, 7_800, 15_000, 31_000])
  func theFittedWindowReachesTheWholeDictionary(noiseBytes: Int) throws {
    var generator = SplitMix64(seed: UInt64(noiseBytes))
    func letters(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0x41...0x5A, using: &generator) } }
    let noise = letters(noiseBytes)
    let dictionaryStart = Array(
      #"{"uuid":"","type":"","event":"","data":{"created_at":"","updated_at":"","sent_at":"","#.utf8)
    let matching = Data(noise + dictionaryStart)
    let random = Data(noise + letters(dictionaryStart.count))
    let stored = StoredBundle.encode([matching, random])
    let (matched, unmatched) = (try #require(stored[0]), try #require(stored[1]))
    #expect(matched.count + 35 < unmatched.count, "\(matched.count) bytes against \(unmatched.count)")
    #expect(try StoredBundle.decode(matched) == matching)
  }
}
