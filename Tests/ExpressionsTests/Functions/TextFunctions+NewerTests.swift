import Testing

@testable import Expressions

/// The newer text functions: characters (not bytes or UTF-16 units), empty and null input, and
/// wrong types.
@Suite struct TextFunctionsNewerTests {
  @Test(arguments: [
    ("{{concat(\", \"; 1.name; 1.company)}}", "Ann, acme"),
    ("{{concat(\"-\"; 1.user.age; true; 2016-12-08)}}", "22-true-2016-12-08"),
    ("{{concat(\"/\"; emptyarray; 1.empty)}}|{{concat(\"/\"; 1.missing)}}|", "||"),
    ("{{left(👍🏽ok; 1)}}|{{right(ok👍🏽; 1)}}|{{left(1.missing; 2)}}|{{left(abc; 1.missing)}}|", "👍🏽|👍🏽|||"),
    ("{{left(12345; 2)}} {{right(12345; 2.7)}}", "12 45"),
    ("{{removeAccents(ŽLUŤOUČKÝ kůň)}} {{removeAccents(123)}}", "ZLUTOUCKY kun 123"),
    ("{{pascal(emptystring)}}|{{pascal(ÉLAN vital)}}|{{pascal(x)}}", "|ÉlanVital|X"),
    ("{{replacePattern(aaa; a; b)}} {{replacePattern(AbA; a; x)}}", "bbb AbA"),
    ("{{replacePattern(1.missing; a; b)}}|{{replacePattern(1.user.email; \"\\\\.\"; \"\")}}", "|bob@examplecom"),
    ("{{sortAscString(split(b,B,a,A; ,))}} {{sortDescString(split(b,B,a,A; ,))}}", "A, a, B, b B, b, A, a"),
    ("{{sortAscString(10; 9; 100)}}", "10, 100, 9"),
  ])
  func behaviour(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  @Test func replacePatternReportsABadPattern() {
    #expect(evaluationError("{{replacePattern(abc; \"(\"; x)}}")?.id == "expression.invalidValue")
  }

  @Test func concatRefusesACollection() {
    #expect(evaluationError("{{concat(\"-\"; 1.user)}}") != nil)
  }
}
