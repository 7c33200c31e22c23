import Testing

@testable import Expressions

/// isBlank, in, ifin, case, equal: edge cases beyond the documented examples (those run as tests
/// in FunctionSpecExampleTests).
@Suite struct GeneralFunctionsNewerTests {
  @Test(arguments: [
    (
      "{{isBlank(emptystring)}} {{isBlank(emptyarray)}} {{isBlank(false)}} {{isBlank(1.user)}}",
      "true false false false"
    ),
    ("{{isBlank(1.empty)}} {{isBlank(1.name)}}", "true false"),
    ("{{in(1.user.age; 21; 22)}} {{in(1.user.age; \"22\")}} {{in(null; 1.missing)}}", "true false true"),
    ("{{in(1.items; 1.items)}} {{in(true; \"true\")}} {{in(1.name; Ann)}}", "true false true"),
    ("{{ifin(2; 1; 2; 3; yes; no)}} {{ifin(\"2\"; 1; 2; 3; yes; no)}}", "yes no"),
    ("{{ifin(x; y; found)}}|{{ifin(y; y; found)}}", "|found"),
    (
      "{{case(2.9; a; b; c)}} {{case(\"3\"; a; b; c)}}|{{case(0; a)}}|{{case(-1; a)}}|{{case(1.missing; a)}}|",
      "b c||||"
    ),
    ("{{equal(1.user; pick(1.user; name; email; password; age))}} {{equal(1.user; 1.contacts)}}", "true false"),
    ("{{equal(2016-12-08T15:55:57.536Z; 1.when)}} {{equal(1.missing; null)}} {{equal(a; A)}}", "true true false"),
  ])
  func behaviour(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  /// Only the chosen value is evaluated: the others would fail (division by zero).
  @Test func ifinAndCaseEvaluateOnlyTheChosenValue() throws {
    #expect(try render("{{ifin(a; a; ok; 1 / 0)}}") == "ok")
    #expect(try render("{{ifin(b; a; 1 / 0; ok)}}") == "ok")
    #expect(try render("{{case(2; 1 / 0; ok; 1 / 0)}}") == "ok")
  }

  @Test func caseRefusesAnIndexThatIsNotANumber() {
    let error = evaluationError("{{case(second; a; b)}}")
    #expect(error?.id == "expression.invalidArgument")
    #expect(error?.message.contains("'case' expects a number for 'index'") == true)
  }

  @Test func argumentCountsAreChecked() {
    #expect(Template.analyze("{{in(a)}}").diagnostics.map(\.id) == ["expression.arity"])
    #expect(Template.analyze("{{ifin(a; b)}}").diagnostics.map(\.id) == ["expression.arity"])
    #expect(Template.analyze("{{isBlank()}}").diagnostics.map(\.id) == ["expression.arity"])
  }
}
