import Foundation
import SonarflowTesting
import Testing

/// `sonarflow replay`: an execution through the scenario again, answered from its recording, with
/// the difference shown.
@Suite struct ReplayCommandTests {
  let sonarflow: CommandRunner
  let folder: URL
  var db: String { folder.appendingPathComponent("history.sqlite").path }

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("replay")
  }

  private func example(_ name: String) -> String {
    Fixture.repositoryRoot.appendingPathComponent("scenarios/\(name)").path
  }

  /// Runs `scenario` once against the emulator loaded with the examples' state; its execution id.
  private func record(_ scenario: String) async throws -> String {
    let result = try await sonarflow.run([
      "run", scenario, "--bundle", example("bundles/welcome-new-customer.json"), "--db", db, "--emulator",
      "--emulator-state", example("emulator-state.json"), "--format", "json",
    ])
    #expect(result.exitCode == 0, "\(result.standardError)")
    let list = try await sonarflow.run(["history", "list", "--db", db, "--format", "json", "--limit", "1"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
    return try #require(rows.first?["id"] as? String)
  }

  /// Runs the once-a-day throttle example once against the emulator; its execution id. Its data
  /// store then holds today's reply to the customer.
  private func recordThrottle() async throws -> String {
    let run = try await sonarflow.run([
      "run", example("once-a-day-throttle.yaml"), "--bundle", example("bundles/once-a-day-throttle.json"), "--db", db,
      "--emulator", "--format", "json",
    ])
    #expect(run.exitCode == 0, "\(run.standardError)")
    let list = try await sonarflow.run(["history", "list", "--db", db, "--format", "json", "--limit", "1"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
    return try #require(rows.first?["id"] as? String)
  }

  /// A copy of the welcome example with `replace` applied, in the test's folder.
  private func edited(_ replace: (String) -> String) throws -> String {
    let text = try String(contentsOfFile: example("welcome-new-customer.yaml"), encoding: .utf8)
    let file = folder.appendingPathComponent("welcome-\(UUID().uuidString).yaml")
    try replace(text).write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  /// Unchanged: every request is answered from the recording (no emulator data needed: the replay's
  /// emulator starts empty), nothing differs, exit 0; the replay is a new execution linked to it.
  @Test func anUnchangedScenarioReplaysFromTheRecordingWithoutDifferences() async throws {
    let id = try await record(example("welcome-new-customer.yaml"))
    let result = try await sonarflow.run(["replay", id, "--db", db])
    #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
    #expect(result.standardOutput.contains("No differences"))
    #expect(result.standardOutput.contains("2 requests answered from the recording, 0 by the emulator"))

    let json = try await sonarflow.run(["replay", id, "--db", db, "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
    let replay = try #require(object["replay"] as? [String: Any])
    #expect(replay["answeredFromRecording"] as? Int == 2)
    #expect(replay["answeredByEmulator"] as? Int == 0)
    let replayID = try #require(replay["execution"] as? String)
    let shown = try await sonarflow.run(["history", "show", replayID, "--db", db])
    #expect(shown.standardOutput.contains("parent:     \(id) (a replay of it: sonarflow replay)"))
    // Replays are kept but listed only when asked for.
    func listed(_ extra: [String]) async throws -> [String] {
      let list = try await sonarflow.run(["history", "list", "--db", db, "--format", "json"] + extra)
      let rows = try #require(
        try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
      return rows.compactMap { $0["id"] as? String }
    }
    #expect(try await listed([]) == [id])
    #expect(try await listed(["--replays"]).count == 3)
    #expect(try await listed(["--replays"]).contains(replayID))
  }

  /// An edited text: the message step differs (input and request), its request is a divergence
  /// the emulator answers, exit 1.
  @Test func anEditedTextIsShownAtItsModule() async throws {
    let id = try await record(example("welcome-new-customer.yaml"))
    let scenario = try edited { $0.replacingOccurrences(of: "welcome! Reply", with: "good to meet you! Reply") }
    let result = try await sonarflow.run(["replay", id, "--scenario", scenario, "--db", db])
    #expect(result.exitCode == 1, "\(result.standardOutput)\(result.standardError)")
    #expect(result.standardOutput.contains("Module 3 sonar.sendMessage, its operation 1"))
    #expect(
      result.standardOutput.contains(
        #"input text: "Hi Ann, welcome! Reply STOP to opt out." → "Hi Ann, good to meet you! Reply STOP to opt out.""#))
    #expect(result.standardOutput.contains("1 request answered from the recording, 1 by the emulator"))
  }

  /// `--from 3`: module 2 answers with its recorded operation (no request made), module 3 runs and
  /// is answered from the recording; nothing differs.
  @Test func fromAModuleTheModulesBeforeItAnswerFromTheRecording() async throws {
    let id = try await record(example("welcome-new-customer.yaml"))
    let result = try await sonarflow.run(["replay", id, "--from", "3", "--db", db])
    #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
    #expect(result.standardOutput.contains("1 request answered from the recording, 0 by the emulator"))
  }

  @Test func fromAModuleTheScenarioLacksIsExitTwo() async throws {
    let id = try await record(example("welcome-new-customer.yaml"))
    let result = try await sonarflow.run(["replay", id, "--from", "9", "--db", db])
    #expect(result.exitCode == 2)
    #expect(result.standardError.hasSuffix("welcome-new-customer.yaml has no module 9\n"), "\(result.standardError)")
  }

  @Test func againstSonarWithoutItsTokenIsExitTwoNamingTheVariable() async throws {
    let id = try await record(example("welcome-new-customer.yaml"))
    let result = try await sonarflow.run(
      ["replay", id, "--sonar-url", "http://127.0.0.1:9", "--db", db], environment: ["SONAR_TOKEN": ""])
    #expect(result.exitCode == 2)
    #expect(
      result.standardError.contains(
        "error: --sonar-url needs the Sonar token in $SONAR_TOKEN, the scenario's token variable, and it is not set"),
      "\(result.standardError)")
  }

  /// A filter that now stops the bundle: the module is filtered instead of sending.
  @Test func aChangedFilterIsAStepDifference() async throws {
    let id = try await record(example("welcome-new-customer.yaml"))
    let scenario = try edited { $0.replacingOccurrences(of: "b: true } ]]", with: "b: false } ]]") }
    let result = try await sonarflow.run(["replay", id, "--scenario", scenario, "--db", db, "--format", "json"])
    #expect(result.exitCode == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let step = try #require((object["steps"] as? [[String: Any]])?.first)
    #expect(step["module"] as? Int == 3)
    let change = try #require((step["changes"] as? [[String: Any]])?.first)
    #expect(change["part"] as? String == "filtered")
    #expect(change["after"] as? Bool == true)
  }

  /// The deploy gate: the last 20 executions of the scenario replayed through a file; the
  /// unchanged file differs from none (and its replays are not replayed again), an edit from all.
  @Test func batchReplayOverTwentyExecutionsIsADeployGate() async throws {
    var ids: [String] = []
    for _ in 0..<20 { ids.append(try await record(example("welcome-new-customer.yaml"))) }
    let same = try await sonarflow.run([
      "replay", "--scenario", example("welcome-new-customer.yaml"), "--last", "20", "--db", db,
    ])
    #expect(same.exitCode == 0, "\(same.standardOutput)\(same.standardError)")
    #expect(same.standardOutput.contains("Replayed 20 executions of 'Welcome new customers'"))
    #expect(same.standardOutput.contains("No execution differs."))
    for id in ids { #expect(same.standardOutput.contains("  \(id)  ")) }

    let scenario = try edited { $0.replacingOccurrences(of: "welcome! Reply", with: "hello! Reply") }
    let changed = try await sonarflow.run([
      "replay", "--scenario", scenario, "--last", "20", "--db", db, "--format", "json",
    ])
    #expect(changed.exitCode == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(changed.standardOutput.utf8)) as? [String: Any])
    #expect(object["differing"] as? Int == 20)
    let executions = try #require(object["executions"] as? [[String: Any]])
    #expect(executions.compactMap { $0["execution"] as? String } == ids)
    #expect(executions.allSatisfy { $0["stepsDiffering"] as? Int == 1 })
  }

  @Test func batchReplayNeedsAScenario() async throws {
    let result = try await sonarflow.run(["replay", "--last", "5", "--db", db])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("--last needs --scenario FILE"))
  }

  /// Data store modules read the stores as they are; what a replay writes is rolled back, so a
  /// replay never changes a store (here: the throttle's record of the day of the last reply).
  @Test func aReplayLeavesTheDataStoresAsTheyWere() async throws {
    let id = try await recordThrottle()
    // The day's record, moved back a day: a replay then finds the customer not yet answered today
    // and writes today's date again, which must not stay.
    let before = try await sonarflow.run(["datastore", "export", "auto-replies", "--db", db])
    #expect(before.exitCode == 0, "\(before.standardError)")
    let records = try #require(
      try JSONSerialization.jsonObject(with: Data(before.standardOutput.utf8)) as? [[String: Any]])
    let key = try #require(records.first?["key"] as? String)
    let put = try await sonarflow.run(["datastore", "put", "auto-replies", key, #"{"day":"2000-01-01"}"#, "--db", db])
    #expect(put.exitCode == 0, "\(put.standardError)")
    let stored = try await sonarflow.run(["datastore", "export", "auto-replies", "--db", db]).standardOutput

    let replay = try await sonarflow.run(["replay", id, "--db", db])
    #expect(replay.standardOutput.contains("Replayed as execution"), "\(replay.standardOutput)\(replay.standardError)")
    #expect(try await sonarflow.run(["datastore", "export", "auto-replies", "--db", db]).standardOutput == stored)
  }

  /// With recorded answers, a data store read with the recorded input is answered from the
  /// recording: the throttle's first run found no record and sent, and so does its replay, though
  /// the store now holds today's reply. `--emulator` reads the store as it is now, and the filter
  /// stops the message.
  @Test func dataStoreReadsAreAnsweredFromTheRecording() async throws {
    let id = try await recordThrottle()

    let recorded = try await sonarflow.run(["replay", id, "--db", db])
    #expect(recorded.exitCode == 0, "\(recorded.standardOutput)\(recorded.standardError)")
    #expect(recorded.standardOutput.contains("1 request answered from the recording, 0 by the emulator"))

    let live = try await sonarflow.run(["replay", id, "--emulator", "--db", db, "--format", "json"])
    #expect(live.exitCode == 1, "\(live.standardOutput)\(live.standardError)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(live.standardOutput.utf8)) as? [String: Any])
    let step = try #require((object["steps"] as? [[String: Any]])?.first { $0["module"] as? Int == 3 })
    let changes = try #require(step["changes"] as? [[String: Any]])
    #expect(changes.contains { $0["part"] as? String == "filtered" && $0["after"] as? Bool == true })
  }

  @Test func aConfidentialExecutionCannotBeReplayed() async throws {
    let scenario = try edited { $0.replacingOccurrences(of: "confidential: false", with: "confidential: true") }
    let id = try await record(scenario)
    let result = try await sonarflow.run(["replay", id, "--db", db])
    #expect(result.exitCode == 2)
    #expect(
      result.standardError
        == "error: execution \(id) belongs to a confidential scenario: no trigger bundle or exchanges were stored, so it cannot be replayed\n"
    )
  }

  @Test func anUnknownExecutionIsExitTwo() async throws {
    _ = try await record(example("welcome-new-customer.yaml"))
    let result = try await sonarflow.run(["replay", "nope", "--db", db])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("no execution 'nope'"))
  }
}
