import Foundation
import ScenarioModel
import SonarflowTesting
import Testing

/// Anchors, aliases and merge keys are refused before Yams composes the file, so a few hundred
/// bytes cannot expand into gigabytes.
@Suite struct YAMLAliasScanTests {
  private func parse(_ text: String) -> [Diagnostic] {
    ScenarioParser.parse(SourceFile(path: "test.yaml", text: text)).diagnostics
  }

  @Test func billionLaughsStopsAtTheFirstAliasInBoundedMemory() throws {
    let path = Fixture.url("yaml/billion-laughs.yaml").path
    let before = Fuzzing.residentBytes()
    let output = ScenarioParser.parse(contentsOf: path)
    let grown = Fuzzing.residentBytes() - before
    #expect(output.scenario == nil)
    let diagnostic = try #require(output.diagnostics.first)
    #expect(output.diagnostics.count == 1)
    #expect(diagnostic.id == "yaml.alias")
    // `trigger: &b [*a,…` on line 3: the first alias is at column 14.
    #expect(diagnostic.location == SourceLocation(file: path, line: 3, column: 14))
    #expect(diagnostic.message == "YAML aliases are not supported in scenario files: '*a' refers to an anchor")
    #expect(diagnostic.fixHint == "Write the value out where '*a' stands, and remove the anchor '&a'.")
    #expect(diagnostic.notes.map(\.location) == [SourceLocation(file: path, line: 2, column: 7)])
    // Expanded, the file is 387 million strings (gigabytes); read event by event it is nothing.
    // Other suites run in this process meanwhile, hence a generous bound.
    #expect(grown < 100_000_000, "resident memory grew by \(grown) bytes")
  }

  @Test func anAliasIsReportedWhereItStands() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom, params: { webhookName: x } }
      flow:
        - id: 2
          module: util.setVariable
          map: &map { name: a, value: b }
        - id: 3
          module: util.setVariable
          map: 1️⃣*map
      """)
    let diagnostics = parse(marked.text)
    #expect(diagnostics.map(\.id) == ["yaml.alias"])
    #expect(diagnostics.first?.location?.line == marked["1️⃣"]?.line)
    #expect(diagnostics.first?.location?.column == marked["1️⃣"]?.column)
  }

  @Test func anAnchorAloneIsRefused() {
    let marked = MarkedText("name: 1️⃣&title x\ntrigger: { module: webhook.custom }\nflow: []\n")
    let diagnostics = parse(marked.text)
    #expect(diagnostics.map(\.id) == ["yaml.anchor"])
    #expect(diagnostics.first?.location?.column == marked["1️⃣"]?.column)
    #expect(diagnostics.first?.message == "YAML anchors are not supported in scenario files: '&title'")
  }

  @Test func aMergeKeyIsRefused() {
    let marked = MarkedText(
      """
      name: x
      trigger:
        1️⃣<<: { module: webhook.custom }
      flow: []
      """)
    let diagnostics = parse(marked.text)
    #expect(diagnostics.map(\.id) == ["yaml.mergeKey"])
    #expect(diagnostics.first?.location?.line == marked["1️⃣"]?.line)
    #expect(diagnostics.first?.location?.column == marked["1️⃣"]?.column)
  }

  @Test(arguments: [
    "text: a*b", "text: \"*a and &b\"", "text: '<<'", "items: [\"<<\", x]", "text: <<", "text: |\n  *a &b\n",
  ])
  func lookalikesAreText(_ entry: String) {
    let text = "name: x\ntrigger: { module: webhook.custom }\nflow: []\n\(entry)\n"
    #expect(!parse(text).contains { ["yaml.alias", "yaml.anchor", "yaml.mergeKey"].contains($0.id) })
  }
}
