import Foundation
import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// The four output formats render the same findings.
@Suite struct RenderingTests {
  let source = SourceFile(
    path: "flows/welcome.yaml",
    text: """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.sendMesage
      """)

  var diagnostics: [Diagnostic] { Validator().validate(source).diagnostics }

  @Test func humanOutputIsLikeTheCompilers() {
    let text = HumanRenderer(useColor: false).render(diagnostics[0], source: source)
    #expect(
      text == """
        flows/welcome.yaml:5:13: error: unknown module 'sonar.sendMesage'
        5 |     module: sonar.sendMesage
          |             ^~~~~~~~~~~~~~~~
          help: Did you mean 'sonar.sendMessage'?

        """)
  }

  /// A position in another file than the one given (a data structure file's, found while checking
  /// a scenario) is printed without a line from the given file.
  @Test func humanOutputDrawsNoLineFromAnotherFile() {
    let elsewhere = Diagnostic(
      id: "datastore.unknownFieldType",
      location: SourceLocation(file: "flows/orders.datastore.yaml", line: 5, column: 13),
      message: "field 'total' must have a type")
    #expect(
      HumanRenderer(useColor: false).render(elsewhere, source: source)
        == "flows/orders.datastore.yaml:5:13: error: field 'total' must have a type\n")
  }

  /// Control characters from the file — escapes in a quoted key (ESC, BEL), a bidirectional
  /// override written raw — are shown as escapes in the message and the source line, and the caret
  /// still spans the token.
  @Test func humanOutputEscapesControlCharactersOfTheFile() throws {
    let source = SourceFile(
      path: "evil.yaml",
      text: #"""
        name: x
        trigger: { module: webhook.custom, params: { webhookName: a } }
        flow: []
        "k\e]0;t\a": \#u{202E}1
        """#)
    let diagnostic = Validator().validate(source).diagnostics.first { $0.id == "scenario.unknownKey" }
    let text = HumanRenderer(useColor: false).render(try #require(diagnostic), source: source)
    #expect(!text.unicodeScalars.contains { [0x1B, 0x07, 0x202E].contains($0.value) }, "\(text)")
    #expect(
      text.hasPrefix(
        #"""
        evil.yaml:4:1: error: unknown key 'k\u{1B}]0;t\u{7}' in the scenario
        4 | "k\e]0;t\a": \u{202E}1
          | ^~~~~~~~~~~
        """#), "\(text)")
  }

  @Test func humanOutputColoursOnlyWhenAsked() {
    #expect(HumanRenderer(useColor: true).render(diagnostics[0], source: source).contains("\u{1B}["))
    #expect(!HumanRenderer(useColor: false).render(diagnostics[0], source: source).contains("\u{1B}["))
  }

  @Test func summaryCountsErrorsAndWarnings() {
    let renderer = HumanRenderer(useColor: false)
    #expect(renderer.summary(errors: 2, warnings: 1, files: 3) == "2 errors and 1 warning in 3 files")
    #expect(renderer.summary(errors: 0, warnings: 0, files: 1) == "1 file valid")
  }

  @Test func jsonHasTheDocumentedKeys() throws {
    let data = Data(MachineRenderer.json(diagnostics).utf8)
    let array = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    #expect(array.count == 1)
    let first = try #require(array.first)
    #expect(first["file"] as? String == "flows/welcome.yaml")
    #expect(first["line"] as? Int == 5)
    #expect(first["column"] as? Int == 13)
    #expect(first["severity"] as? String == "error")
    #expect(first["code"] as? String == "module.unknown")
    #expect(first["message"] as? String == "unknown module 'sonar.sendMesage'")
    #expect(first["hint"] as? String == "Did you mean 'sonar.sendMessage'?")
  }

  @Test func githubWorkflowCommandsAreEscaped() {
    #expect(
      MachineRenderer.github(diagnostics)
        == "::error file=flows/welcome.yaml,line=5,col=13,title=sonarflow module.unknown::unknown module 'sonar.sendMesage'%0ADid you mean 'sonar.sendMessage'?\n"
    )
  }

  @Test func sarifIsVersion210WithRulesAndRegions() throws {
    let data = Data(MachineRenderer.sarif(diagnostics, toolVersion: "1.2.3").utf8)
    let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "sonarflow")
    #expect((driver["rules"] as? [[String: Any]])?.first?["id"] as? String == "module.unknown")
    let result = try #require((run["results"] as? [[String: Any]])?.first)
    #expect(result["level"] as? String == "error")
    let region = try #require(
      ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
        as? [String: Any])
    #expect(region["startLine"] as? Int == 5)
    #expect(region["startColumn"] as? Int == 13)
  }
}
