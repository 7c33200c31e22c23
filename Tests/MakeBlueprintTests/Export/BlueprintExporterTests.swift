import Basics
import Foundation
import MakeBlueprint
import ScenarioModel
import SonarflowTesting
import Testing

/// Export of scenarios: edits made after the import, and scenarios written by hand.
@Suite struct BlueprintExporterTests {
  private func export(_ yaml: String) throws -> JSONObject {
    let output = BlueprintExporter.convert(SourceFile(path: "edited.yaml", text: yaml))
    #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.message))")
    return try #require(output.blueprint?.objectValue)
  }

  private func module(_ blueprint: JSONObject, _ index: Int) -> JSONObject? {
    blueprint["flow"]?.arrayValue?[index].objectValue
  }

  @Test func anEditedFieldIsExportedFromTheEditAndTheOthersAsImported() throws {
    let imported = try BlueprintImporter.convert(try Fixture.text("make/every-construct.json"))
    // The import wrote `method: "POST"` for Make's "post"; the user switches it to PUT.
    let edited = imported.yaml.replacingOccurrences(of: "method: \"POST\"", with: "method: \"PUT\"")
    #expect(edited != imported.yaml)
    let blueprint = try export(edited)
    let mapper = module(blueprint, 4)?["mapper"]?.objectValue
    #expect(mapper?["method"] == "put")
    #expect(mapper?["timeout"] == "30")  // Make's text, unchanged field
    #expect(mapper?["gzip"] == true)
  }

  @Test func aChangedRetryWritesANewBreakAndAChangedDirectiveANewModule() throws {
    let imported = try BlueprintImporter.convert(try Fixture.text("make/every-construct.json"))
    let edited = imported.yaml.replacingOccurrences(of: "attempts: 4", with: "attempts: 6")
    let handler = try #require(module(try export(edited), 4)?["onerror"]?.arrayValue)
    let directive = try #require(handler.last?.objectValue)
    #expect(directive["module"] == "builtin:Break")
    #expect(
      directive["mapper"]?.isJSONEqual(to: .object(JSONObject([("retry", true), ("count", "6"), ("interval", "2")])))
        == true)
    #expect(directive["id"]?.isJSONEqual(to: 7) == true)
  }

  @Test func aHandWrittenScenarioExportsWithMakesNames() throws {
    let yaml = """
      name: Hand written
      settings: { sequential: true }
      trigger:
        module: webhook.custom
        params: { webhookName: orders }
      flow:
        - id: 2
          module: http.request
          map: { url: "https://example.com/{{1.id}}", method: POST, query: [{ key: a, value: "{{1.a}}" }] }
          onError: { then: break, retry: { attempts: 2, interval: 30m } }
        - id: 3
          module: flow.router
          routes:
            - filter: { conditions: [[{ a: "{{2.statusCode}}", op: "number:equal", b: 200 }]] }
              flow: [{ id: 4, module: util.setVariable, map: { name: ok, value: "yes" } }]
            - fallback: true
              flow: [{ id: 5, module: json.parse, map: { json: "{{2.data}}" } }]
      """
    let blueprint = try export(yaml)
    #expect(blueprint["name"] == "Hand written")
    #expect(blueprint["metadata"]?.objectValue?["scenario"]?.objectValue?["sequential"] == true)
    let trigger = try #require(module(blueprint, 0))
    #expect(trigger["module"] == "gateway:CustomWebHook")
    #expect(trigger["id"] == 1)
    let http = try #require(module(blueprint, 1))
    #expect(http["module"] == "http:ActionSendData")
    #expect(http["mapper"]?.objectValue?["method"] == "post")
    #expect(http["mapper"]?.objectValue?["qs"]?.arrayValue?.first?.objectValue?["name"] == "a")
    let directive = try #require(http["onerror"]?.arrayValue?.last?.objectValue)
    #expect(directive["module"] == "builtin:Break")
    #expect(directive["id"] == 6)  // the next free id
    #expect(directive["mapper"]?.objectValue?["interval"] == "30")
    let router = try #require(module(blueprint, 2))
    #expect(router["parameters"]?.objectValue?["else"] == 1)
    let routes = try #require(router["routes"]?.arrayValue)
    let first = try #require(routes[0].objectValue?["flow"]?.arrayValue?.first?.objectValue)
    #expect(
      first["filter"]?.objectValue?["conditions"]?.arrayValue?.first?.arrayValue?.first?.objectValue?["o"]
        == "number:equal")
    #expect(first["module"] == "util:SetVariable2")
  }

  @Test func anUnsupportedModuleWithoutItsMakeNameIsAClearError() {
    let yaml = """
      name: Broken
      trigger: { module: webhook.custom, params: { webhookName: a } }
      flow:
        - { id: 2, module: make.unsupported }
      """
    let output = BlueprintExporter.convert(SourceFile(path: "broken.yaml", text: yaml))
    #expect(output.blueprint == nil)
    #expect(output.diagnostics.first?.message.contains("'make.module'") == true)
  }

  /// The error names the file, line and column of the module it is about, nested ones included.
  @Test(arguments: [
    """
    name: Broken
    trigger: { module: webhook.custom, params: { webhookName: a } }
    flow:
      - { id: 2, module: util.setVariable, map: { name: a, value: b } }
      - { id: 3, module: make.unsupported }
    """,
    """
    name: Broken
    trigger: { module: webhook.custom, params: { webhookName: a } }
    flow:
      - id: 2
        module: flow.router
        routes:
          - flow:
              - { id: 3, module: util.setVariable, map: { name: a, value: b } }
          - flow:
              - id: 4
                module: util.setVariable
                map: { name: a, value: b }
                onError:
                  then: ignore
                  flow:
                    - { id: 5, module: make.unsupported }
    """,
  ])
  func anExportErrorIsReportedAtItsModule(yaml: String) throws {
    let output = BlueprintExporter.convert(SourceFile(path: "broken.yaml", text: yaml))
    #expect(output.blueprint == nil)
    let diagnostic = try #require(output.diagnostics.first)
    #expect(diagnostic.id == "export.notExportable", "\(diagnostic.message)")
    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
    let line = try #require(lines.firstIndex { $0.contains("make.unsupported") })
    let column = try #require(lines[line].firstRange(of: "make.unsupported")).lowerBound
    let location = try #require(diagnostic.location)
    #expect(location.file == "broken.yaml")
    #expect(location.line == line + 1)
    #expect(location.column == lines[line].distance(from: lines[line].startIndex, to: column) + 1)
  }

  @Test func aScenarioWithParserErrorsIsNotExported() {
    let output = BlueprintExporter.convert(
      SourceFile(path: "bad.yaml", text: "name: x\ntrigger: {module: webhook.custom}\nflw: []\n"))
    #expect(output.blueprint == nil)
    #expect(output.diagnostics.contains { $0.message.contains("'flw'") })
  }
}
