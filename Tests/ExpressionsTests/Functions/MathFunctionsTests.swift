import Testing

@testable import Expressions

@Suite struct MathFunctionsTests {
  @Test(arguments: [
    ("{{abs(-0)}} {{abs(1.missing)}}|", "0 |"),
    ("{{ceil(-0.5)}} {{floor(-0.5)}} {{round(-0.5)}} {{round(2.5)}} {{round(-2.5)}} {{round(-2.6)}}", "0 -1 0 3 -2 -3"),
    ("{{ceil(\"1.2\")}}", "2"),
    ("{{average(1; \"2\"; x; 3)}}", "2"),
    ("{{max(emptyarray)}}|{{min(emptyarray)}}|{{median(emptyarray)}}|{{stdevS(1)}}|{{stdevP(4)}}", "||||0"),
    ("{{max(-1; -5)}} {{min(-1; -5)}} {{sum(-1; 1.5)}}", "-1 -5 0.5"),
    ("{{median(1.items)}} {{median(4; 1)}}", "2 2.5"),
    ("{{trunc(-3.789; 2)}} {{trunc(1234.5678; -1)}} {{trunc(5; 400)}}", "-3.78 1230 5"),
    ("{{formatNumber(0.5; 0)}} {{formatNumber(-1234567.891; 2; .; space)}}", "1 -1 234 567.89"),
    ("{{formatNumber(1.005; 2; .)}} {{formatNumber(999.996; 2; .; ,)}}", "1.00 1,000.00"),
    ("{{formatNumber(12; 0; ,; )}}|{{formatNumber(1.missing; 2)}}|", "12||"),
    (
      "{{parseNumber(\"1 234 567,5\"; ,)}} {{parseNumber(-0.5)}} {{parseNumber(1'000.25; .)}}", "1234567.5 -0.5 1000.25"
    ),
    ("{{parseNumber(1.missing; ,)}}|", "|"),
  ])
  func math(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  @Test(arguments: ["{{parseNumber(abc; .)}}", "{{parseNumber(1,2,3; ,)}}", "{{parseNumber(.; .)}}"])
  func unreadableNumbersAreErrors(template: String) {
    #expect(evaluationError(template)?.id == "expression.invalidValue")
  }

  @Test func nonNumericArgumentIsAnError() throws {
    let error = try #require(evaluationError("{{abs(1.name)}}"))
    #expect(error.message == "'abs' expects a number for 'argument 1' but got text 'Ann'")
  }
}
