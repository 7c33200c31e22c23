import Testing

@testable import Expressions

@Suite struct LexerTests {
  private func tokens(_ inside: String) -> [Token.Kind] {
    var lexer = Lexer("{{\(inside)}}")
    for segment in lexer.segments() {
      if case .expression(let tokens, _, _) = segment.kind { return tokens.map(\.kind) }
    }
    return []
  }

  @Test func splitsTextAndExpressions() {
    var lexer = Lexer("Hi {{1.name}}!")
    let segments = lexer.segments()
    #expect(segments.count == 3)
    #expect(segments.map(\.offset) == [0, 3, 13])
    #expect(segments.map(\.length) == [3, 10, 1])
  }

  @Test func references() {
    #expect(tokens("1.a.b") == [.reference(ReferenceSyntax(root: .module(1), path: [.key("a"), .key("b")]))])
    #expect(
      tokens("12.items[3].name") == [
        .reference(ReferenceSyntax(root: .module(12), path: [.key("items"), .index(3), .key("name")]))
      ])
    #expect(tokens("1.`first name`") == [.reference(ReferenceSyntax(root: .module(1), path: [.key("first name")]))])
    #expect(tokens("1.`0`") == [.reference(ReferenceSyntax(root: .module(1), path: [.key("0")]))])
    #expect(tokens("`3`") == [.reference(ReferenceSyntax(root: .module(3), path: []))])
    #expect(
      tokens("5.items[].title") == [
        .reference(ReferenceSyntax(root: .module(5), path: [.key("items"), .allItems, .key("title")]))
      ])
    #expect(
      tokens("var.scenario.name") == [
        .reference(ReferenceSyntax(root: .variable, path: [.key("scenario"), .key("name")]))
      ])
  }

  @Test func referenceFollowedByText() {
    #expect(tokens("1.name,") == [.reference(ReferenceSyntax(root: .module(1), path: [.key("name")])), .word(",")])
  }

  @Test func numbersOperatorsWords() {
    #expect(tokens("1 + -2.5") == [.number(1), .operator(.plus), .number(-2.5)])
    #expect(tokens("a mod b % c") == [.word("a"), .operator(.modulo), .word("b"), .operator(.modulo), .word("c")])
    #expect(tokens("x & y | z") == [.word("x"), .operator(.and), .word("y"), .operator(.or), .word("z")])
    #expect(tokens("007 +4 1e3 1.") == [.word("007"), .word("+4"), .word("1e3"), .word("1.")])
    #expect(tokens("2016-12-28") == [.word("2016-12-28")])
  }

  @Test func operatorsRightAfterCallsAndReferences() {
    #expect(
      tokens("f(x)*2") == [.word("f"), .leftParenthesis, .word("x"), .rightParenthesis, .operator(.times), .number(2)])
    #expect(
      tokens("1.a-1.b") == [
        .reference(ReferenceSyntax(root: .module(1), path: [.key("a")])), .operator(.minus),
        .reference(ReferenceSyntax(root: .module(1), path: [.key("b")])),
      ])
    #expect(tokens("1.a-") == [.reference(ReferenceSyntax(root: .module(1), path: [.key("a")])), .word("-")])
    #expect(tokens("(x) -2") == [.leftParenthesis, .word("x"), .rightParenthesis, .number(-2)])
  }

  @Test func stringsAndRegexes() {
    #expect(tokens(#""a;b\"c""#) == [.string("a;b\"c")])
    #expect(
      tokens("f(x; /a b(c)/gi)") == [
        .word("f"), .leftParenthesis, .word("x"), .semicolon, .regex(pattern: "a b(c)", flags: "gi"), .rightParenthesis,
      ])
    #expect(tokens("4 / 2") == [.number(4), .operator(.divide), .number(2)])
  }

  @Test func quotesOutsideBracesAreText() {
    var lexer = Lexer(#"Say "hi" {{1.name}}"#)
    guard case .text(let text) = lexer.segments().first?.kind else {
      Issue.record("expected text")
      return
    }
    #expect(text == #"Say "hi" "#)
  }
}
