import Foundation
import SonarflowTesting
import Testing

/// `sonarflow import make` and `sonarflow export make` on the built binary.
@Suite struct MakeCommandsTests {
  let sonarflow: CommandRunner
  let folder: URL

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("make-commands")
  }

  @Test func importWritesTheScenarioAndReportsExportWritesTheBlueprint() async throws {
    let scenario = folder.appendingPathComponent("every.yaml").path
    let imported = try await sonarflow.run([
      "import", "make", Fixture.url("make/every-construct.json").path, "--output", scenario,
    ])
    #expect(imported.exitCode == 0, "\(imported.standardError)")
    #expect(imported.standardOutput.contains("module 11 google-sheets:addRow -> make.unsupported: unsupported"))

    let validated = try await sonarflow.run(["validate", scenario])
    #expect(validated.exitCode == 1)
    #expect(validated.standardOutput.contains("every.yaml:"))
    #expect(validated.standardOutput.contains("Make module 'google-sheets:addRow'"))

    let exported = try await sonarflow.run(["export", "make", scenario])
    #expect(exported.exitCode == 0, "\(exported.standardError)")
    #expect(exported.standardOutput.contains("\"module\": \"google-sheets:addRow\""))
    try? FileManager.default.removeItem(at: folder)
  }

  @Test func importReadsStandardInputAndReportsJSONOnStandardError() async throws {
    let text = try Fixture.text("make/every-construct.json")
    let result = try await sonarflow.run(["import", "make", "-", "--report", "json"], standardInput: text)
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.hasPrefix("# Imported from a Make blueprint"))
    #expect(result.standardError.contains("\"makeModule\": \"builtin:BasicFeeder\""))
  }

  @Test func notABlueprintExitsOneAndAMissingFileTwo() async throws {
    let invalid = try await sonarflow.run(["import", "make", "-"], standardInput: "[1, 2]")
    #expect(invalid.exitCode == 1)
    #expect(invalid.standardError.contains("error: not a Make blueprint"))
    let missing = try await sonarflow.run(["import", "make", folder.appendingPathComponent("none.json").path])
    #expect(missing.exitCode == 2)
    let exportMissing = try await sonarflow.run(["export", "make", folder.appendingPathComponent("none.yaml").path])
    #expect(exportMissing.exitCode == 2)
  }
}
