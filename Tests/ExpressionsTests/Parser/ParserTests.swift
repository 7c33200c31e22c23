import ScenarioModel
import Testing

@testable import Expressions

@Suite struct ParserTests {
  /// (marked template, diagnostic id, message, hint): the first diagnostic sits at the marker.
  @Test(
    arguments: [
      ("{{1️⃣uper(1.name)}}", "expression.unknownFunction", "unknown function 'uper'", "Did you mean 'upper'?"),
      (
        "Hi {{1.name}} {{1️⃣substring(1.x)}}", "expression.arity", "'substring' takes 2 to 3 arguments but 1 was given",
        "Separate arguments with ';'."
      ),
      (
        "{{1️⃣upper(1.a; 1.b)}}", "expression.arity", "'upper' takes 1 argument but 2 were given",
        "Separate arguments with ';'."
      ),
      ("{{1️⃣if(1.a)}}", "expression.arity", "'if' takes 3 arguments but 1 was given", "Separate arguments with ';'."),
      (
        "{{1️⃣add()}}", "expression.arity", "'add' takes at least 2 arguments but 0 were given",
        "Separate arguments with ';'."
      ),
      (
        "{{upper(1.name1️⃣}}", "expression.syntax", "expected ')' to end the arguments of 'upper'",
        "Add ')' after the last argument of 'upper'."
      ),
      (
        "Hi 1️⃣{{1.name", "expression.syntax", "expected '}}' to end the expression opened by '{{'",
        "Close the expression with '}}'."
      ),
      ("{{1.a 1️⃣+}}", "expression.syntax", "expected an expression after '+'", nil),
      ("{{1.a1️⃣)}}", "expression.syntax", "unexpected ')' after the expression", nil),
      (
        "{{1.a1️⃣; 2}}", "expression.syntax", "unexpected ';' after the expression",
        "Arguments separated by ';' belong inside a function call."
      ),
      ("{{1️⃣* 2}}", "expression.syntax", "expected an expression before '*'", nil),
      ("{{1️⃣(1.a + 2}}", "expression.syntax", "expected ')' to close '('", "Add the missing ')'."),
      ("{{ifempty(1.a; 1️⃣\"there)}}", "expression.syntax", "unterminated string literal", "Add the closing '\"'."),
      ("{{1.1️⃣`first name}}", "expression.syntax", "unterminated '`' in key", "Add the closing '`'."),
      (
        "{{replace(1.a; 1️⃣/(/g; x)}}", "expression.invalidRegex",
        "invalid regular expression '/(/': the pattern cannot be compiled", nil
      ),
      (
        "{{1️⃣formatDat(now; YYYY)}}", "expression.unknownFunction", "unknown function 'formatDat'",
        "Did you mean 'formatDate'?"
      ),
      ("{{1️⃣startOfDay(now)}}", "expression.unknownFunction", "unknown function 'startOfDay'", nil),
      (
        "{{addDays(now; 1️⃣two)}}", "expression.argumentType",
        "'addDays' expects a number for 'number' but 'two' is not one", nil
      ),
      (
        "1️⃣{{}}", "expression.empty", "expected an expression between '{{' and '}}'",
        "Remove the empty '{{}}' or put a value in it."
      ),
      (
        "{{1️⃣var.scenario.nmae}}", "expression.unknownVariable", "unknown system variable 'var.scenario.nmae'",
        "Did you mean 'var.scenario.name'?"
      ),
    ] as [(String, String, String, String?)])
  func diagnosticAtMarker(text: String, id: String, message: String, hint: String?) throws {
    let (template, offset) = marked(text)
    let analysis = Template.analyze(template)
    let diagnostic = try #require(analysis.diagnostics.first)
    #expect(diagnostic.id == id)
    #expect(diagnostic.offset == offset)
    #expect(diagnostic.message == message)
    #expect(diagnostic.fixHint == hint)
  }

  @Test func unknownFunctionSpansTheName() throws {
    let diagnostic = try #require(Template.analyze("Hi {{uper(1.name)}}").diagnostics.first)
    #expect((diagnostic.offset, diagnostic.length) == (5, 4))
  }

  @Test func arityCoversTheCall() throws {
    let diagnostic = try #require(Template.analyze("{{substring(1.x)}}").diagnostics.first)
    #expect((diagnostic.offset, diagnostic.length) == (2, 14))
  }

  @Test func collectsEveryDiagnosticInOnePass() {
    let analysis = Template.analyze("{{uper(1.a)}} and {{lenght(1.b)}} and {{substring(1.c)}}")
    #expect(
      analysis.diagnostics.map(\.id) == [
        "expression.unknownFunction", "expression.unknownFunction", "expression.arity",
      ])
    #expect(
      analysis.diagnostics.map(\.fixHint) == [
        "Did you mean 'upper'?", "Did you mean 'length'?", "Separate arguments with ';'.",
      ])
  }

  @Test func offsetsCountUnicodeScalars() throws {
    // "Ž😀 " is 3 scalars (but 2 graphemes + space and 7 UTF-8 bytes... offsets are scalars).
    let diagnostic = try #require(Template.analyze("Ž😀 {{uper(1.a)}}").diagnostics.first)
    #expect(diagnostic.offset == 5)
  }

  @Test func deepNestingIsReportedNotEvaluated() {
    let depth = 300
    let template = "{{" + String(repeating: "upper(", count: depth) + "x" + String(repeating: ")", count: depth) + "}}"
    let analysis = Template.analyze(template)
    #expect(analysis.diagnostics.contains { $0.id == "expression.tooDeep" })
    let parenthesized = "{{" + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "}}"
    #expect(Template.analyze(parenthesized).diagnostics.contains { $0.message.contains("nests deeper") })
    let chain = "{{" + Array(repeating: "1", count: 1000).joined(separator: " + ") + "}}"
    #expect(Template.analyze(chain).diagnostics.contains { $0.message.contains("nests deeper") })
  }

  @Test func reasonableNestingIsFine() throws {
    let template = "{{" + String(repeating: "upper(", count: 30) + "x" + String(repeating: ")", count: 30) + "}}"
    #expect(Template.analyze(template).diagnostics.isEmpty)
    #expect(try render(template) == "X")
  }

  @Test func diagnosticBecomesScenarioDiagnostic() throws {
    let template = Template.compile("{{uper(1.name)}}")
    let start = SourceLocation(file: "flows/welcome.yaml", line: 14, column: 12)
    let diagnostic = try #require(template.analysis.diagnostics.first).diagnostic { start.advanced(byColumns: $0) }
    #expect(diagnostic.id == "expression.unknownFunction")
    #expect(diagnostic.location == SourceLocation(file: "flows/welcome.yaml", line: 14, column: 14))
    #expect(diagnostic.fixHint == "Did you mean 'upper'?")
  }

  /// The fix a hint suggests, applied, gives a clean template.
  @Test func renamingToTheSuggestionFixesTheTemplate() throws {
    let source = "Hi {{uper(1.name)}}"
    let diagnostic = try #require(Template.analyze(source).diagnostics.first)
    var scalars = Array(source.unicodeScalars)
    scalars.replaceSubrange(diagnostic.offset..<(diagnostic.offset + diagnostic.length), with: "upper".unicodeScalars)
    let fixed = String(String.UnicodeScalarView(scalars))
    #expect(fixed == "Hi {{upper(1.name)}}")
    #expect(Template.analyze(fixed).diagnostics.isEmpty)
  }

  @Test(arguments: [
    // Argument text that reads as literal text, as Make reads it.
    ("{{split(a, b,c; ,)}}", #"["a"," b","c"]"#),
    ("{{replace(Europe/Prague; /; -)}}", "Europe-Prague"),
    ("{{replace(a - b; -; +)}}", "a + b"),
    ("{{ifempty(1.unknown; Dear 1.name)}}", "Dear Ann"),
    ("{{ifempty(1.unknown; 1.name, 1.company)}}", "Ann, acme"),
    ("{{escapeHTML(a & b)}}", "a &amp; b"),
    ("{{lower(Hello (World))}}", "hello (world)"),
    ("{{ Hello World }}", "Hello World"),
    ("{{if(1.name = Ann; yes; no)}}", "yes"),
    ("{{if(1.name = \"Ann\" and 1.company = acme; yes; no)}}", "yes"),
    ("{{007}}", "007"),
    ("{{+420}}", "+420"),
    ("{{-2}}", "-2"),
    ("{{- 1.items[2]}}", "-2"),
    ("{{1.5}}", "1.5"),
    ("{{2016-12-28}}", "2016-12-28"),
    ("{{sort(1.items; desc)}}", "[3,2,1]"),
    ("{{upper(f(x))}}", ""),
  ])
  func argumentsReadLikeMake(template: String, expected: String) throws {
    if template == "{{upper(f(x))}}" {
      #expect(Template.analyze(template).diagnostics.map(\.id) == ["expression.unknownFunction"])
      return
    }
    let value = try evaluate(template)
    let text: String
    if case .array = value { text = value.jsonText() } else { text = value.rendered }
    #expect(text == expected)
  }
}
