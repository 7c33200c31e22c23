import Foundation
import SonarflowTesting
import Testing
import Validation

/// Checks the examples against sonarflow.schema.json with an independent JSON Schema validator
/// (check-jsonschema from PyPI, which `.ci/run` installs), so the schema editors use is proven to
/// accept every example and to reject a broken file.
@Suite struct SchemaValidatorTests {
  static let tool: String? =
    ["/usr/local/bin/check-jsonschema", "/usr/bin/check-jsonschema"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
    ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
    .map { "\($0)/check-jsonschema" }.first { FileManager.default.isExecutableFile(atPath: $0) }

  /// On CI the validator must be there; on a laptop without it these tests are skipped, visibly.
  static let isAvailable = tool != nil || ProcessInfo.processInfo.environment["CI"] != nil

  private func run(
    _ files: [String], schema schemaFile: String = "sonarflow.schema.json"
  ) throws -> (
    status: Int32, output: String
  ) {
    let tool = try #require(Self.tool, "check-jsonschema is not installed (pip install check-jsonschema)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    let schema = Fixture.repositoryRoot.appendingPathComponent(schemaFile).path
    process.arguments = ["--schemafile", schema] + files
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try ProcessLaunch.run(process)
    let data = pipe.fileHandleForReading.readAll()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test(.enabled(if: isAvailable, "check-jsonschema is not installed"))
  func everyExamplePassesTheSchema() throws {
    let files = try ScenarioFiles.collect([Fixture.repositoryRoot.appendingPathComponent("scenarios").path])
    #expect(!files.isEmpty)
    let result = try run(files)
    #expect(result.status == 0, "\(result.output)")
  }

  @Test(.enabled(if: isAvailable, "check-jsonschema is not installed"))
  func schemaRejectsABrokenScenario() throws {
    let folder = try Fixture.temporaryDirectory("schema")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("broken.yaml")
    try Data(
      """
      name: x
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
      flow:
        - id: 2
          module: sonar.sendMessage
          map: { phoneNumbr: "+13105551234", text: hi }
      """.utf8
    ).write(to: file)
    let result = try run([file.path])
    #expect(result.status != 0)
    #expect(result.output.contains("phoneNumbr") || result.output.contains("phoneNumber"), "\(result.output)")
  }

  /// The test files' schema (`sonarflow schema --tests`) accepts every example test file and
  /// rejects a misspelt key.
  @Test(.enabled(if: isAvailable, "check-jsonschema is not installed"))
  func everyExampleTestFilePassesTheTestSchema() throws {
    let files = try ScenarioFiles.collectTests([Fixture.repositoryRoot.appendingPathComponent("scenarios").path])
    #expect(!files.isEmpty)
    let result = try run(files, schema: "sonarflow-test.schema.json")
    #expect(result.status == 0, "\(result.output)")
    let folder = try Fixture.temporaryDirectory("schema")
    defer { try? FileManager.default.removeItem(at: folder) }
    let broken = folder.appendingPathComponent("broken.test.yaml")
    try Data("tests:\n  - name: x\n    expct: { status: success }\n".utf8).write(to: broken)
    let refused = try run([broken.path], schema: "sonarflow-test.schema.json")
    #expect(refused.status != 0)
    #expect(refused.output.contains("expct"), "\(refused.output)")
  }
}
