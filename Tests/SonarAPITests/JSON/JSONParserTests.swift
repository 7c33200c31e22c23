import SonarAPI
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
    #expect(try JSONParser.parse(#""\u00e9\ud83d\ude00""#) == .string("é😀"))
  }

  @Test(arguments: [
    "", "{", "{\"a\":}", "[1,]", "\"unterminated", "tru", "{\"a\" 1}", "01x", "\"\\q\"", "{} extra",
    String(repeating: "[", count: 10_000),
  ])
  func malformedInputThrows(_ text: String) {
    #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
  }
}
