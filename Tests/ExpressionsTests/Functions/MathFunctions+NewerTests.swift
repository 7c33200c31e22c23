import Testing

@testable import Expressions

/// The newer math functions: arrays or arguments, numeric text, empty values, and results that are
/// not real numbers.
@Suite struct MathFunctionsNewerTests {
  @Test(arguments: [
    ("{{div(1.items)}} {{sub(\"10\"; 1.missing; 4)}} {{prod(1.user.age; 0.5)}}", "0.16666666666666666 6 11"),
    ("{{div(1.missing)}}|{{sub(emptyarray)}}|{{prod(null; null)}}|", "|||"),
    ("{{power(0; 0)}} {{power(-8; 1 / 3 * 3)}} {{power(10; -2)}}", "1 -8 0.01"),
    ("{{sqrt(0)}} {{sqrt(\"2.25\")}} {{ln(1.user.age) > 3}}", "0 1.5 true"),
    ("{{log(2; 1)}} {{log(0.5; 4)}} {{log(10; 0.001)}}", "0 -2 -3"),
    ("{{number(\"1,5\")}} {{number(-7)}}", "15 -7"),
    ("{{sortAscNum(1.contacts[].age)}} {{sortDescNum(3; x; \"12\"; 1.missing)}}", "22, 23, 31 12, 3"),
  ])
  func behaviour(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  @Test(arguments: [
    "{{div(1; 0)}}", "{{sqrt(-1)}}", "{{ln(0)}}", "{{log(1; 5)}}", "{{log(2; -4)}}", "{{power(-8; 0.5)}}",
    "{{power(10; 400)}}", "{{sub(5; text)}}",
  ])
  func impossibleResultsAreErrors(template: String) {
    #expect(evaluationError(template) != nil, "\(template)")
  }
}
