import Basics
import Foundation
import Testing

@Suite struct JSONParserTests {
  @Test func keepsKeyOrderAndRoundTrips() throws {
    let text =
      #"{"to":"5555555557","text":"a \"quoted\" é\n","n":-1.5,"i":42,"b":[true,false,null],"o":{}}"#
    let value = try JSONParser.parse(text)
    #expect(value.objectValue?.keys == ["to", "text", "n", "i", "b", "o"])
    #expect(value.serialized == text.replacingOccurrences(of: "\n", with: "\\n"))
  }

  @Test func unicodeEscapes() throws {
    #expect(try JSONParser.parse(#""\u00e9\ud83d\ude00\/""#) == .string("é😀/"))
    // A high surrogate without its low half reads as U+FFFD, and the next escape on its own.
    #expect(try JSONParser.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
  }

  @Test func integersAndDoubles() throws {
    #expect(
      try JSONParser.parse("[0,-0,12,-3.5,1e3,9223372036854775808]") == [
        0, 0, 12, -3.5, 1000.0, 9.223372036854775808e18,
      ])
  }

  @Test(arguments: [
    ("", 0), ("{", 1), ("{\"a\":}", 5), ("[1,]", 3), ("\"unterminated", 0), ("tru", 0), ("{\"a\" 1}", 5),
    ("01", 0), ("+1", 0), ("1.", 0), ("1e", 0), (".5", 0), ("\"\\q\"", 1), ("{} extra", 3), ("\"a\u{01}b\"", 2),
    ("[1 2]", 3),
  ])
  func malformedInputThrowsWithItsOffset(text: String, offset: Int) {
    #expect(throws: JSONSyntaxError(offset: offset, message: errorMessage(text))) { try JSONParser.parse(text) }
  }

  @Test func deepNestingIsRefusedNotOverflowed() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    #expect((try? JSONParser.parse(allowed)) != nil)
    let tighter = JSONParser.Options(maximumDepth: 4)
    #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[[[[[]]]]]", options: tighter) }
  }

  @Test(arguments: ["1e999999", "-1e400", "[1,2e308]"])
  func numbersOutsideTheDoubleRangeAreRefused(text: String) throws {
    let error = try #require(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    #expect(error.message.contains("outside the range of a double"))
  }

  @Test func duplicateKeysFollowThePolicy() throws {
    let text = #"{"a":1,"b":2,"a":3}"#
    let lastWins = try JSONParser.parse(text)
    #expect(lastWins.objectValue?.keys == ["a", "b"])
    #expect(lastWins.objectValue?["a"] == 3)
    let kept = try JSONParser.parse(text, options: .verbatim)
    #expect(kept.objectValue?.keys == ["a", "b", "a"])
    #expect(kept.serialized == text)
    let refused = try #require(throws: JSONSyntaxError.self) {
      try JSONParser.parse(text, options: JSONParser.Options(duplicateKeys: .reject))
    }
    #expect(refused.offset == 13)
  }

  @Test func manyRepeatedKeysStayLinear() throws {
    // 200,000 members over 1,000 distinct keys: a linear search per member would take minutes.
    let members = (0..<200_000).map { #""k\#($0 % 1_000)":\#($0)"# }
    let value = try JSONParser.parse("{" + members.joined(separator: ",") + "}")
    #expect(value.objectValue?.count == 1_000)
    #expect(value.objectValue?["k7"] == .int(199_007))
  }

  @Test func verbatimKeepsNumbersAsWritten() throws {
    let text = #"{"price":1.50,"big":123456789012345678901234567890,"e":1E+2}"#
    #expect(try JSONParser.parse(text, options: .verbatim).serialized == text)
    #expect(try JSONParser.parse(text).serialized == #"{"price":1.5,"big":1.2345678901234568e+29,"e":100}"#)
  }

  @Test func invalidUTF8ReadsAsReplacementCharacters() throws {
    let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0x22]
    #expect(try JSONParser.parse(bytes) == .string("a\u{FFFD}b"))
  }

  private func errorMessage(_ text: String) -> String {
    do {
      _ = try JSONParser.parse(text)
      return ""
    } catch {
      return error.message
    }
  }
}

@Suite struct JSONWriterTests {
  @Test func escapesWhatJSONRequires() {
    let value: JSONValue = .string("q\" b\\ \n\r\t\u{08}\u{0C}\u{01} é 😀")
    #expect(value.serialized == #""q\" b\\ \n\r\t\b\f\u0001 é 😀""#)
  }

  @Test func indentsByTwoSpaces() {
    let value: JSONValue = .object(JSONObject([("a", [1, .object(JSONObject())]), ("b", [])]))
    #expect(value.text(pretty: true) == "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}")
  }

  @Test func numbersAsJavaScriptWritesThem() {
    let value: JSONValue = [.double(3), .double(0.1), .double(1e21), .double(.infinity), .double(.nan), .int(-7)]
    #expect(value.serialized == "[3,0.1,1e+21,null,null,-7]")
  }

  @Test func roundTripsThroughTheParser() throws {
    let text = #"{"z":[{"y":null,"x":false}],"w":"\u0000","v":-0.25}"#
    #expect(try JSONParser.parse(text).serialized == text)
  }
}
