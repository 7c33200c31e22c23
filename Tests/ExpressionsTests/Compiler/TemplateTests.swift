import Foundation
import Testing

@testable import Expressions

@Suite struct TemplateTests {
  @Test func loneExpressionKeepsItsType() throws {
    #expect(try evaluate("{{1.items}}") == [1, 2, 3])
    #expect(try evaluate("{{length(1.items)}}") == .number(3))
    #expect(try evaluate("{{1.user.age}}") == .number(22))
    #expect(try evaluate("{{1 = 1}}") == .boolean(true))
    #expect(try evaluate("{{null}}") == .null)
    #expect(try evaluate("{{1.missing}}") == .null)
    guard case .collection(let user) = try evaluate("{{1.user}}") else {
      Issue.record("expected a collection")
      return
    }
    #expect(Array(user.keys) == ["name", "email", "password", "age"])
    guard case .date(let date) = try evaluate("{{now}}") else {
      Issue.record("expected a date")
      return
    }
    #expect(date == FunctionSpec.Example.now)
  }

  @Test(arguments: [
    ("Hi {{1.name}}!", "Hi Ann!"),
    ("{{1.items}} items", "1, 2, 3 items"),
    ("n={{1.5 + 1}} b={{1 = 1}} d={{now}} e={{1.missing}}.", "n=2.5 b=true d=2026-01-02T03:04:05.678Z e=."),
    (
      "{{10 / 4}} {{1 / 3}} {{0.1 + 0.2}} {{1000000 * 1000000}}",
      "2.5 0.3333333333333333 0.30000000000000004 1000000000000"
    ),
    ("{{1e21}}", "1e21"),
    ("{{1.`name`}} {{1.contacts[2].name}} {{1.contacts[0].name}}| {{1.contacts[9].name}}|", "Ann Bob | |"),
    ("{{1.contacts[].age}}", "23, 22, 31"),
    ("{{1.contacts.name}}", "Tim, Bob, amy"),
    (#"Say "hi" to {{1.name}}"#, #"Say "hi" to Ann"#),
    ("{{space}}|{{tab}}|{{newline}}|{{emptystring}}|{{nbsp}}|{{carriagereturn}}", " |\t|\n||\u{00A0}|\r"),
    ("{{pi}}", "3.141592653589793"),
    ("{{timestamp}}", "1767323045"),
    ("{{executionId}} {{var.execution.id}} {{var.scenario.name}} {{var.scenario.id}}", "exec-1 exec-1 Welcome 42"),
    ("plain text", "plain text"),
    ("", ""),
    ("{ not an expression }", "{ not an expression }"),
  ])
  func rendersLikeMake(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  @Test(arguments: [
    ("{{1 + 2 * 3}}", "7"),
    ("{{length(1.items)*2}} {{1.user.age+1}} {{(1 + 2)*3}}", "6 23 9"),
    ("{{(1 + 2) * 3}}", "9"),
    ("{{10 mod 3}} {{10 % 3}} {{-7 mod 3}}", "1 1 -1"),
    ("{{2 - 3 - 4}}", "-5"),
    ("{{8 / 2 / 2}}", "2"),
    ("{{\"10\" < \"7\"}} {{10 < 7}} {{10 < \"7\"}}", "true false false"),
    ("{{1 = 1 and 2 = 3 or 1 = 1}}", "true"),
    ("{{1 = 2 & 2 = 2}} {{1 = 2 | 2 = 2}}", "false true"),
    ("{{1 != 2}} {{1 <= 1}} {{2 >= 3}} {{\"b\" > \"a\"}}", "true true false true"),
    ("{{\"a\" + 1}} {{1 + \"2\"}} {{1 + 2}}", "a1 12 3"),
    ("{{1.missing + 1}} {{1.missing = emptystring}} {{1.missing = null}}", "1 true true"),
    ("{{\"12\" = 12}} {{\"x\" = 12}}", "true false"),
    ("{{parseDate(2020-01-02; YYYY-MM-DD) - parseDate(2020-01-01; YYYY-MM-DD)}}", "86400000"),
    ("{{parseDate(2020-01-02; YYYY-MM-DD) - 1000}}", "2020-01-01T23:59:59.000Z"),
    ("{{parseDate(2020-01-02; YYYY-MM-DD) > 2019-12-31}}", "true"),
  ])
  func operators(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  @Test func ifEvaluatesOnlyTheChosenBranch() throws {
    #expect(try render("{{if(true; ok; parseDate(x; YYYY))}}") == "ok")
    #expect(try render("{{ifempty(1.name; parseDate(x; YYYY))}}") == "Ann")
    #expect(try render("{{1 = 2 and parseDate(x; YYYY)}}") == "false")
  }

  @Test func errorsCarryTheirPlace() throws {
    let error = try #require(evaluationError("Hi {{parseDate(x; YYYY)}}"))
    #expect(error.id == "expression.invalidValue")
    #expect(error.offset == 5)
    #expect(error.message == "'parseDate' cannot read 'x' with the format 'YYYY'")
    let division = try #require(evaluationError("{{1 / 0}}"))
    #expect(division.id == "expression.divisionByZero")
    let collection = try #require(evaluationError("User: {{1.user}}"))
    #expect(collection.id == "expression.notText")
    #expect(try #require(evaluationError("{{1.name * 2}}")).message == "cannot apply '*' to text 'Ann' and number '2'")
  }

  @Test func templatesWithErrorsThrowTheFirstOnEvaluation() throws {
    let error = try #require(evaluationError("{{uper(1.name)}}"))
    #expect(error.id == "expression.unknownFunction")
    #expect(error.fixHint == "Did you mean 'upper'?")
    #expect(error.offset == 2)
  }

  @Test func variables() throws {
    #expect(try evaluate("{{var.counter}}", variables: ["counter": 5]) == .number(5))
    #expect(try evaluate("{{var.user.name}}", variables: ["user": json(#"{"name":"Eve"}"#)]) == .text("Eve"))
    #expect(try evaluate("{{var.unset}}") == .null)
  }

  @Test func directives() {
    #expect(Template.compile("{{ignore}}").directive == .ignore)
    #expect(Template.compile("{{erase}}").directive == .erase)
    #expect(Template.compile("x {{erase}}").directive == nil)
    #expect(Template.compile("{{1.a}}").directive == nil)
  }

  @Test func randomValuesAreFresh() throws {
    let uuid = try render("{{uuid}}")
    #expect(uuid.count == 36)
    #expect(uuid == uuid.lowercased())
    #expect(try render("{{uuid}}") != uuid)
    guard case .number(let random) = try evaluate("{{random}}") else {
      Issue.record("expected a number")
      return
    }
    #expect(random >= 0 && random < 1)
  }

  @Test func moduleOutputsAreReadByID() throws {
    var context = EvaluationContext()
    context.setOutput(json(#"{"phone_number":"+15551234567"}"#), ofModule: 7)
    #expect(try Template.compile("{{7.phone_number}}").evaluate(in: context) == .text("+15551234567"))
    #expect(try Template.compile("{{8.phone_number}}").evaluate(in: context) == .null)
    #expect(try Template.compile("{{0.x}}").evaluate(in: context) == .null)
  }
}

@Suite struct FieldDirectiveTests {
  @Test(arguments: [
    ("{{ignore}}", FieldValue.ignore),
    ("{{erase}}", .erase),
    ("{{if(1.missing; 1.missing; ignore)}}", .ignore),
    ("{{if(1.name; 1.name; ignore)}}", .value("Ann")),
    ("{{ifempty(1.missing; erase)}}", .erase),
    ("{{ifempty(1.name; erase)}}", .value("Ann")),
    ("{{switch(1.name; Bob; ignore; Ann; erase)}}", .erase),
    ("{{switch(1.name; Bob; ignore; 1)}}", .value(1)),
    ("{{if(true; if(false; 1; ignore); 2)}}", .ignore),
    ("{{upper(1.name)}}", .value("ANN")),
    ("x {{ignore}}", .value("x ")),
  ])
  func directivesChosenByBranches(template: String, expected: FieldValue) throws {
    #expect(try Template.compile(template).evaluateField(in: FunctionSpec.Example.context) == expected)
  }

  @Test func scratchCompilationDoesNotDuplicateFindings() {
    let analysis = Template.analyze("{{if(1.a; uper(1.b); ignore)}}")
    #expect(analysis.diagnostics.count == 1)
    #expect(analysis.references.count == 2)
  }
}
