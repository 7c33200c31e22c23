import Testing

@testable import Server

@Suite struct LogEscapingTests {
  @Test(arguments: [
    ("plain text, ünïcode 😀", "plain text, ünïcode 😀"),
    ("a\u{1B}[31mred\u{07}", #"a\u{1B}[31mred\u{7}"#),
    ("one\r\ntwo\nthree", #"one\u{D}\u{A}two\u{A}three"#),
    ("tab\tdel\u{7F}csi\u{9B}", #"tab\u{9}del\u{7F}csi\u{9B}"#),
    ("line\u{2028}paragraph\u{2029}", #"line\u{2028}paragraph\u{2029}"#),
    (#"a\u{1B}b"#, #"a\\u{1B}b"#),
  ])
  func controlCharactersAreEscaped(text: String, expected: String) {
    #expect(LogEscaping.escape(text) == expected)
  }
}
