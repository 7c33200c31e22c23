import Foundation
import SonarflowTesting
import Testing

/// `sonarflow validate` as CI runs it: exit codes, formats, paths.
@Suite struct ValidateCommandTests {
  let sonarflow: CommandRunner
  let folder: URL

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("validate")
  }

  private func write(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  private let broken = """
    name: x
    trigger: { module: sonar.watchNewCustomer, params: { webhookName: a } }
    flow:
      - id: 2
        module: sonar.sendMesage
    """

  private let warningOnly = """
    name: x
    trigger: { module: webhook.custom, params: { webhookName: a } }
    flow:
      - id: 2
        module: sonar.createOrUpdateCustomer
        map: { phoneNumber: "+13105551234", email: not-an-address }
    """

  /// 430 bytes of nested aliases (9^9 strings once expanded): refused at the first alias, in a
  /// process that stays small. Before aliases were refused, a smaller file took 960 MB.
  @Test func anAliasBombIsRefusedInBoundedMemory() async throws {
    let bomb = Fixture.url("yaml/billion-laughs.yaml").path
    let result = try await sonarflow.run(["validate", bomb])
    #expect(result.exitCode == 1)
    #expect(
      result.standardOutput.hasPrefix(
        "\(bomb):3:14: error: YAML aliases are not supported in scenario files: '*a' refers to an anchor\n"),
      "\(result.standardOutput)")
    #expect(result.standardOutput.contains("\(bomb):2:7: note: the anchor '&a' is defined here"))
    let footprint = try await sonarflow.footprint(["validate", bomb])
    #expect(footprint.exitCode == 1)
    #expect(footprint.peakResidentBytes < 150_000_000, "validate held \(footprint.peakResidentBytes) bytes")
  }

  /// A broken data structure file beside two scenarios: reported once, at its own position, with
  /// its own line under the message (not the scenario's line of the same number).
  @Test func aBrokenStructureFileIsShownOnceWithItsOwnLine() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let structure = try write("flows/orders.datastore.yaml", "name: orders\nfields: { total: nmber }\n")
    for name in ["a", "b"] {
      _ = try write(
        "flows/\(name).yaml",
        """
        name: \(name)
        trigger: { module: webhook.custom, params: { webhookName: \(name) } }
        flow:
          - { id: 2, module: datastore.countRecords, params: { store: orders } }
        """)
    }
    let result = try await sonarflow.run(["validate", folder.appendingPathComponent("flows").path])
    #expect(result.exitCode == 1)
    #expect(
      result.standardOutput == """
        \(structure):2:18: error: field 'total' must have a type: text, number, boolean, date, array, collection
        2 | fields: { total: nmber }
          |                  ^~~~~
          help: Did you mean 'number'?

        """)
    #expect(result.standardError.contains("1 error"), "\(result.standardError)")
  }

  @Test func examplesPassWithExitZero() async throws {
    let result = try await sonarflow.run(["validate", Fixture.repositoryRoot.appendingPathComponent("scenarios").path])
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.isEmpty)
    #expect(result.standardError.contains("files valid"))
  }

  @Test func errorsExitOneWithCompilerStyleOutput() async throws {
    let path = try write("broken.yaml", broken)
    let result = try await sonarflow.run(["validate", path])
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.hasPrefix("\(path):5:13: error: unknown module 'sonar.sendMesage'\n"))
    #expect(result.standardOutput.contains("help: Did you mean 'sonar.sendMessage'?"))
    #expect(!result.standardOutput.contains("\u{1B}["), "no colour when not on a terminal")
    #expect(result.standardError.contains("1 error and 0 warnings in 1 file"))
  }

  @Test func warningsPassUnlessStrict() async throws {
    let path = try write("warn.yaml", warningOnly)
    let relaxed = try await sonarflow.run(["validate", path])
    #expect(relaxed.exitCode == 0)
    #expect(relaxed.standardOutput.contains("warning: 'email' does not look like an email address"))
    let strict = try await sonarflow.run(["validate", "--strict", path])
    #expect(strict.exitCode == 1)
    #expect(strict.standardOutput.contains("error: 'email' does not look like an email address"))
  }

  @Test func foldersAreSearchedRecursively() async throws {
    _ = try write("a/b/deep.yml", broken)
    _ = try write("a/notes.txt", "not a scenario")
    let result = try await sonarflow.run(["validate", "--format", "json", folder.path])
    #expect(result.exitCode == 1)
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
    #expect(array.count == 1)
    #expect((array.first?["file"] as? String)?.hasSuffix("a/b/deep.yml") == true)
  }

  @Test(arguments: ["json", "github", "sarif"])
  func machineFormatsKeepTheExitCode(format: String) async throws {
    let path = try write("broken-\(format).yaml", broken)
    let result = try await sonarflow.run(["validate", "--format", format, path])
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.contains("sonar.sendMesage"))
  }

  @Test func githubFormat() async throws {
    let path = try write("gh.yaml", broken)
    let result = try await sonarflow.run(["validate", "--format", "github", path])
    #expect(result.standardOutput.hasPrefix("::error file=\(path),line=5,col=13,title=sonarflow module.unknown::"))
  }

  @Test func missingPathIsAUsageError() async throws {
    let result = try await sonarflow.run(["validate", folder.appendingPathComponent("nope.yaml").path])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("error: no such file or folder"))
  }

  @Test func unknownFlagIsAUsageError() async throws {
    let result = try await sonarflow.run(["validate", "--frmat", "json"])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("--frmat"))
  }

  @Test func unknownFormatIsAUsageError() async throws {
    let result = try await sonarflow.run([
      "validate", "--format", "xml", Fixture.repositoryRoot.appendingPathComponent("scenarios").path,
    ])
    #expect(result.exitCode == 2)
  }

  @Test func garbageNeverCrashes() async throws {
    let url = folder.appendingPathComponent("garbage.yaml")
    try Data((0..<2048).map { UInt8(($0 * 7919) % 256) }).write(to: url)
    let result = try await sonarflow.run(["validate", url.path])
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.contains("error: file is binary, not YAML text"))
  }
}
