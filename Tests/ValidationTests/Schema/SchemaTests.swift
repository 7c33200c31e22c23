import Foundation
import ModuleCatalogue
import SonarflowTesting
import Testing
import Validation

/// The checked-in schema and module reference match the catalogue, and the examples are valid.
@Suite struct SchemaTests {
  /// Compares a generated file with its checked-in copy; `SONARFLOW_REGENERATE_DOCS=1` rewrites it.
  private func expectUpToDate(_ relativePath: String, generated: String, command: String) throws {
    let url = Fixture.repositoryRoot.appendingPathComponent(relativePath)
    if ProcessInfo.processInfo.environment["SONARFLOW_REGENERATE_DOCS"] == "1" {
      try Data(generated.utf8).write(to: url)
      return
    }
    let current = try String(contentsOf: url, encoding: .utf8)
    #expect(
      current == generated, "\(relativePath) is out of date: run '\(command)' or SONARFLOW_REGENERATE_DOCS=1 swift test"
    )
  }

  @Test func checkedInSchemaIsCurrent() throws {
    try expectUpToDate(
      "sonarflow.schema.json", generated: SchemaGenerator().generate(),
      command: "sonarflow schema > sonarflow.schema.json")
  }

  @Test func checkedInModuleReferenceIsCurrent() throws {
    try expectUpToDate(
      "docs/modules.md", generated: ModuleCatalogue.standard.markdownReference(),
      command: "sonarflow modules --format markdown > docs/modules.md")
  }

  @Test func schemaNamesEveryModuleAndOperator() throws {
    let schema = SchemaGenerator().schema()
    let defs = try #require(schema["$defs"] as? [String: Any])
    let module = try #require(defs["module"] as? [String: Any])
    let names = try #require(
      ((module["properties"] as? [String: Any])?["module"] as? [String: Any])?["enum"] as? [String])
    #expect(Set(names) == Set(ModuleCatalogue.standard.flowModules.map(\.name)))
    #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
  }

  @Test func everyExampleScenarioIsValidAndStartsWithTheSchemaModeline() throws {
    let files = try ScenarioFiles.collect([Fixture.repositoryRoot.appendingPathComponent("scenarios").path])
    #expect(files.count >= 9)
    for file in files {
      let report = Validator().validate(file: file)
      #expect(report.diagnostics.isEmpty, "\(file): \(report.diagnostics.map(\.message))")
      let text = try String(contentsOfFile: file, encoding: .utf8)
      #expect(text.hasPrefix("# yaml-language-server: $schema=../sonarflow.schema.json\n"), "\(file)")
    }
  }

  @Test func examplesCoverEverySonarModule() throws {
    let files = try ScenarioFiles.collect([Fixture.repositoryRoot.appendingPathComponent("scenarios").path])
    var used = Set<String>()
    for file in files {
      guard let scenario = Validator().validate(file: file).scenario else { continue }
      used.insert(scenario.trigger.module.value)
      for module in scenario.allModules { used.insert(module.module.value) }
    }
    let sonar = Set(ModuleCatalogue.standard.modules.filter { $0.app == "Sonar" }.map(\.name))
    #expect(sonar.subtracting(used).isEmpty, "no example uses \(sonar.subtracting(used).sorted())")
    #expect(used.isSuperset(of: ["flow.router", "flow.iterator", "flow.textAggregator"]))
  }
}
