import Expressions
import ScenarioModel
import Testing

@testable import ScenarioTesting

/// `--update`'s text edits: the node at a position is replaced whole, everything else stays.
@Suite struct GoldenRewriterTests {
  private func at(_ line: Int, _ column: Int) -> ScenarioModel.SourceLocation {
    ScenarioModel.SourceLocation(file: "t.test.yaml", line: line, column: column)
  }

  @Test func aFlowValueIsReplacedAndTheCommentsAroundItStay() {
    let text = """
      # keep me
      tests:
        - name: a   # and me
          expect:
            modules: { 2: { called: 3, input: { equals: { a: [1, "x]"], b: 'it''s' } } } }  # tail
      """
    let rewritten = GoldenRewriter.rewrite(
      text,
      updates: [
        GoldenUpdate(location: at(5, 31), value: .number(1)),
        GoldenUpdate(location: at(5, 51), value: .collection(["a": .number(2)])),
      ])
    #expect(
      rewritten == """
        # keep me
        tests:
          - name: a   # and me
            expect:
              modules: { 2: { called: 1, input: { equals: {"a":2} } } }  # tail
        """)
  }

  @Test func aBlockMappingIsReplacedWholeUpToTheNextKeyOfItsParent() {
    let text = """
      input:
        equals:
          a: 1   # old
          b:
            - 2
        # about output
      output: { x: 1 }
      """
    let rewritten = GoldenRewriter.rewrite(
      text, updates: [GoldenUpdate(location: at(3, 5), value: .collection(["a": .number(5)]))])
    #expect(
      rewritten == """
        input:
          equals:
            {"a":5}
          # about output
        output: { x: 1 }
        """)
  }

  @Test func plainAndQuotedScalarsAndABlockSequence() {
    let text = """
      status: success # why
      text: "a \\" b"
      messages:
      - { text: x }
      - { text: y }
      after: 1
      """
    let rewritten = GoldenRewriter.rewrite(
      text,
      updates: [
        GoldenUpdate(location: at(1, 9), value: .text("error")),
        GoldenUpdate(location: at(2, 7), value: .text("c")),
        GoldenUpdate(location: at(4, 1), value: .array([])),
      ])
    #expect(
      rewritten == """
        status: "error" # why
        text: "c"
        messages:
          []
        after: 1
        """)
  }
}
