import ScenarioModel
import Testing

/// The commonest YAML mistakes are named as such, at the character that makes them.
@Suite struct YAMLMistakesTests {
  static let head = "name: t\ntrigger: { module: webhook.custom, params: { webhookName: a } }\nflow:\n"

  func diagnostic(_ text: String) -> Diagnostic? {
    guard case .failure(let diagnostic) = YAMLReader.read(SourceFile(path: "s.yaml", text: Self.head + text)) else {
      return nil
    }
    return diagnostic
  }

  @Test(arguments: [
    ("\t- id: 2\n", "4:1"),
    ("  - id: 2\n    map:\n  \tname: x\n", "6:3"),
  ])
  func aTabInTheIndentationIsCalledATab(text: String, place: String) throws {
    let found = try #require(diagnostic(text))
    #expect(found.id == "yaml.tab")
    #expect(found.message == "a tab in the indentation: YAML indents with spaces only")
    #expect(found.location.map { "\($0.line):\($0.column)" } == place)
  }

  @Test(arguments: [
    ("  - { id: 2, module: util.setVariable, map: { name: x, value: {{1.a}} } }\n", "4:63"),
    ("  - id: 2\n    map:\n      value: {{upper(1.a)}}\n", "6:14"),
  ])
  func anUnquotedTemplateIsToldToBeQuoted(text: String, place: String) throws {
    let found = try #require(diagnostic(text))
    #expect(found.id == "yaml.unquotedTemplate")
    #expect(found.location.map { "\($0.line):\($0.column)" } == place)
    #expect(found.fixHint?.hasPrefix("Put the value in double quotes: \"{{") == true)
  }

  @Test(arguments: [
    ("  - { id: 2, map: { value: \"say \"hi\" now\" } }\n", "4:33"),
    ("  - id: 2\n    map:\n      value: \"say \"hi\" now\"\n", "6:19"),
  ])
  func aQuoteThatEndsTheStringEarlyIsSaidToDoSo(text: String, place: String) throws {
    let found = try #require(diagnostic(text))
    #expect(found.id == "yaml.unescapedQuote")
    #expect(found.location.map { "\($0.line):\($0.column)" } == place)
    #expect(found.fixHint?.contains(#"\""#) == true)
  }

  @Test(arguments: [
    "  - id: [2\n",
    // A quoted template elsewhere on the line is not the mistake.
    "  - { id: 2, map: { a: \"{{1.x}}\", { b }: 1 } }\n",
  ])
  func otherSyntaxErrorsKeepTheParsersWords(text: String) throws {
    let found = try #require(diagnostic(text))
    #expect(found.id != "yaml.unquotedTemplate")
    #expect(found.id != "yaml.tab")
  }
}
