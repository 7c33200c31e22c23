import Testing

@testable import Basics

@Suite struct TextEscapingTests {
  @Test(arguments: [
    ("plain text, ünïcode 😀 👨‍👩‍👧", "plain text, ünïcode 😀 👨‍👩‍👧"),
    ("a\u{1B}[31mred\u{07}", #"a\u{1B}[31mred\u{7}"#),
    ("one\r\ntwo\nthree", #"one\u{D}\u{A}two\u{A}three"#),
    ("tab\tdel\u{7F}csi\u{9B}", #"tab\u{9}del\u{7F}csi\u{9B}"#),
    ("line\u{2028}paragraph\u{2029}", #"line\u{2028}paragraph\u{2029}"#),
    ("\u{1B}]0;title\u{07}\u{1B}]52;c;Y2xpcA==\u{07}", #"\u{1B}]0;title\u{7}\u{1B}]52;c;Y2xpcA==\u{7}"#),
    ("abc\u{202E}fed\u{2066}x\u{2069}", #"abc\u{202E}fed\u{2066}x\u{2069}"#),
    (#"a\u{1B}b"#, #"a\\u{1B}b"#),
  ])
  func controlCharactersAreEscaped(text: String, expected: String) {
    #expect(TextEscaping.escape(text) == expected)
  }

  @Test func jsonKeepsItsBackslashes() {
    #expect(
      TextEscaping.escape(#"{"a":"q\"\u001b","b":"\#u{9B}"}"#, backslashes: .kept) == #"{"a":"q\"\u001b","b":"\u{9B}"}"#
    )
  }
}
