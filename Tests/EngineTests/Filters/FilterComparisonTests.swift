import Engine
import Expressions
import Testing

/// A filter's `text:pattern` runs under the same time limit as the mapping language's patterns.
@Suite struct FilterComparisonTests {
  static let scenario =
    InterpreterTests.header + """
        - { id: 2, module: util.setVariable, map: { name: v, value: "{{1.text}}" }, filter: { conditions: [[ { a: "{{1.text}}", op: "text:pattern", b: "\\\\d+" } ]] } }
        - { id: 3, module: util.setVariable, map: { name: w, value: done }, filter: { conditions: [[ { a: "{{1.text}}", op: "text:notpattern", b: "(a+)+b" } ]] } }
      """

  @Test func anOrdinaryPatternFilters() async throws {
    let passed = try await run(Self.scenario, bundles: [["text": "order 17"]])
    #expect(passed.status == .success)
    #expect(passed.events.map(\.moduleID) == [1, 2, 3])
    let stopped = try await run(Self.scenario, bundles: [["text": "no digits"]])
    #expect(stopped.events.filter(\.isFiltered).map(\.moduleID) == [2])
  }

  @Test(.timeLimit(.minutes(1)))
  func aBacktrackingPatternFailsTheModuleWithADataError() async throws {
    let hostile = String(repeating: "a", count: 46) + "1"
    let result = try await run(Self.scenario, bundles: [["text": .text(hostile)]])
    #expect(result.status == .error)
    #expect(result.errorModuleID == 3)
    #expect(result.error?.type == .dataError)
    #expect(
      result.error?.message
        == "'text:notpattern' stopped matching a regular expression after 100 ms in '(a+)+b' at test.yaml:5:119")
    #expect(result.errorLocation.map { "\($0)" } == "test.yaml:5:119")
  }
}
