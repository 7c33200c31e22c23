import Foundation
import SonarflowTesting
import Testing

/// `sonarflow datastore …` on a SQLite history file, and the data store modules through `run`.
@Suite struct DatastoreCommandTests {
  let sonarflow: CommandRunner
  let folder: URL
  var db: String { folder.appendingPathComponent("history.sqlite").path }

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("datastore-cli")
  }

  private func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  @Test func putGetListDeleteExportAndImport() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let put = try await sonarflow.run([
      "datastore", "put", "opt-outs", "+13105551234", #"{"reason":"STOP","n":2}"#, "--db", db,
    ])
    #expect(put.exitCode == 0, "\(put.standardError)")
    #expect(put.standardOutput == "stored '+13105551234' in data store 'opt-outs'\n")

    let get = try await sonarflow.run(["datastore", "get", "opt-outs", "+13105551234", "--db", db])
    #expect(get.exitCode == 0, "\(get.standardError)")
    #expect(get.standardOutput == #"{"reason":"STOP","n":2}"# + "\n")

    let stores = try await sonarflow.run(["datastore", "list", "--db", db, "--format", "json"])
    #expect(stores.exitCode == 0, "\(stores.standardError)")
    let listed = try #require(try json(stores.standardOutput) as? [[String: Any]])
    #expect(listed.count == 1)
    #expect(listed.first?["name"] as? String == "opt-outs")
    #expect(listed.first?["records"] as? Int == 1)
    #expect(listed.first?["bytes"] as? Int == "+13105551234".utf8.count + #"{"reason":"STOP","n":2}"#.utf8.count)

    let records = try await sonarflow.run(["datastore", "list", "opt-outs", "--db", db])
    #expect(records.standardOutput == "+13105551234  " + #"{"reason":"STOP","n":2}"# + "\n")

    let export = try await sonarflow.run(["datastore", "export", "opt-outs", "--db", db])
    #expect(export.exitCode == 0, "\(export.standardError)")
    let exported = try #require(try json(export.standardOutput) as? [[String: Any]])
    #expect(exported.first?["key"] as? String == "+13105551234")

    let backup = folder.appendingPathComponent("backup.json")
    try Data(export.standardOutput.utf8).write(to: backup)
    let deleted = try await sonarflow.run(["datastore", "delete", "opt-outs", "+13105551234", "--db", db])
    #expect(deleted.exitCode == 0, "\(deleted.standardError)")
    let gone = try await sonarflow.run(["datastore", "get", "opt-outs", "+13105551234", "--db", db])
    #expect(gone.exitCode == 1)
    #expect(gone.standardError == "error: no record '+13105551234' in data store 'opt-outs'\n")
    let deletedAgain = try await sonarflow.run(["datastore", "delete", "opt-outs", "+13105551234", "--db", db])
    #expect(deletedAgain.exitCode == 1)

    let imported = try await sonarflow.run(["datastore", "import", "copy", backup.path, "--db", db, "--format", "json"])
    #expect(imported.exitCode == 0, "\(imported.standardError)")
    #expect(imported.standardOutput == #"{"imported":1}"# + "\n")
    let copied = try await sonarflow.run(["datastore", "get", "copy", "+13105551234", "--db", db])
    #expect(copied.standardOutput == #"{"reason":"STOP","n":2}"# + "\n")
  }

  @Test func badInputIsAUsageErrorAndChangesNothing() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let keep = try await sonarflow.run(["datastore", "put", "s", "kept", "{}", "--db", db])
    #expect(keep.exitCode == 0, "\(keep.standardError)")
    let notJSON = try await sonarflow.run(["datastore", "put", "s", "k", "{nope", "--db", db])
    #expect(notJSON.exitCode == 2)
    #expect(notJSON.standardError.hasPrefix("error: the record is not valid JSON: "), "\(notJSON.standardError)")
    let notObject = try await sonarflow.run(["datastore", "put", "s", "k", "[1]", "--db", db])
    #expect(notObject.exitCode == 2)
    #expect(notObject.standardError.contains("must be a JSON object"))

    let file = folder.appendingPathComponent("bad.json")
    try Data(#"[{"key":"a","data":{}},{"data":{}}]"#.utf8).write(to: file)
    let bad = try await sonarflow.run(["datastore", "import", "s", file.path, "--db", db])
    #expect(bad.exitCode == 2)
    #expect(bad.standardError.contains("item 2 of"), "\(bad.standardError)")
    let missing = try await sonarflow.run([
      "datastore", "import", "s", folder.appendingPathComponent("none.json").path, "--db", db,
    ])
    #expect(missing.exitCode == 2)
    let list = try await sonarflow.run(["datastore", "list", "s", "--db", db])
    #expect(list.standardOutput == "kept  {}\n", "nothing was imported")
  }

  /// The once-a-day throttle through `run`: the second process on the same file finds the record
  /// the first one committed, so its reply is filtered out.
  @Test func theThrottleHoldsAcrossRuns() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let scenarios = Fixture.repositoryRoot.appendingPathComponent("scenarios")
    let arguments = [
      "run", scenarios.appendingPathComponent("once-a-day-throttle.yaml").path,
      "--bundle", scenarios.appendingPathComponent("bundles/once-a-day-throttle.json").path,
      "--emulator", "--emulator-state", scenarios.appendingPathComponent("emulator-state.json").path,
      "--db", db, "--format", "json",
    ]
    let first = try await sonarflow.run(arguments)
    #expect(first.exitCode == 0, "\(first.standardError)")
    #expect(first.standardOutput.contains("sonar.sendMessage"))
    let stored = try await sonarflow.run(["datastore", "list", "auto-replies", "--db", db, "--format", "json"])
    let records = try #require(try json(stored.standardOutput) as? [[String: Any]])
    #expect(records.first?["key"] as? String == "+13105551234")

    let second = try await sonarflow.run(arguments)
    #expect(second.exitCode == 0, "\(second.standardError)")
    let result = try #require(try json(second.standardOutput) as? [String: Any])
    let modules = try #require(result["modules"] as? [[String: Any]], "\(second.standardOutput)")
    let reply = modules.first { $0["id"] as? Int == 3 }?["operations"] as? [[String: Any]]
    #expect(reply?.first?["filtered"] as? Bool == true, "\(second.standardOutput)")
  }

  @Test func runWithoutHistoryExplainsWhyTheModulesCannotRun() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let scenarios = Fixture.repositoryRoot.appendingPathComponent("scenarios")
    let result = try await sonarflow.run([
      "run", scenarios.appendingPathComponent("once-a-day-throttle.yaml").path,
      "--bundle", scenarios.appendingPathComponent("bundles/once-a-day-throttle.json").path,
      "--emulator", "--no-history",
    ])
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.contains("needs the history database for its data store"), "\(result.standardOutput)")
  }
}
