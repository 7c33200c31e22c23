import Foundation
import Hummingbird
import NIOCore
import SonarflowTesting
import Testing

/// `sonarflow run` records into history; `history list/show/replay/resume/prune` read it back.
@Suite struct HistoryCommandTests {
  let sonarflow: CommandRunner
  let folder: URL
  var db: String { folder.appendingPathComponent("history.sqlite").path }

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("history")
  }

  private func example(_ name: String) -> String {
    Fixture.repositoryRoot.appendingPathComponent("scenarios/\(name)").path
  }

  private func list(_ extra: [String] = []) async throws -> [[String: Any]] {
    let result = try await sonarflow.run(["history", "list", "--db", db, "--format", "json"] + extra)
    #expect(result.exitCode == 0, "\(result.standardError)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
  }

  private func runWelcome(sonarURL: String? = nil) async throws -> CommandRunner.Result {
    var arguments = [
      "run", example("welcome-new-customer.yaml"), "--bundle", example("bundles/welcome-new-customer.json"), "--db", db,
    ]
    if let sonarURL {
      arguments += ["--sonar-url", sonarURL]
    } else {
      arguments += ["--emulator", "--emulator-state", example("emulator-state.json")]
    }
    return try await sonarflow.run(arguments, environment: ["SONAR_TOKEN": "a-long-secret-token"])
  }

  @Test func runIsRecordedAndShown() async throws {
    #expect(try await runWelcome().exitCode == 0)
    let executions = try await list()
    #expect(executions.count == 1)
    let id = try #require(executions.first?["id"] as? String)
    #expect(executions.first?["status"] as? String == "success")
    #expect(executions.first?["operations"] as? Int == 3)

    let shown = try await sonarflow.run(["history", "show", id, "--db", db])
    #expect(shown.exitCode == 0)
    #expect(shown.standardOutput.contains("Operation 3 · module 3 sonar.sendMessage"))
    #expect(shown.standardOutput.contains("\"text\":\"Hi Ann, welcome! Reply STOP to opt out.\""))

    let json = try await sonarflow.run(["history", "show", id, "--db", db, "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
    #expect((object["operationLog"] as? [[String: Any]])?.count == 3)
  }

  /// `run` on a polling trigger polls once; the check, with its request and answer, is the
  /// execution's first operation, as serve records it.
  @Test func aPollsCheckIsRecordedWithItsRequestAndAnswer() async throws {
    let responder = CallbackResponder<BasicRequestContext> { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"data": [{"id": 1, "name": "one"}]}"#)))
    }
    try await LoopbackHTTPServer.run(responder) { port in
      let url = "http://127.0.0.1:\(port)/items"
      let scenario = folder.appendingPathComponent("poll.yaml")
      try Data(
        """
        name: Poll once
        trigger:
          module: http.watch
          params: { url: "\(url)", itemsPath: data, idPath: id }
          schedule: { every: 1h }
        flow:
          - { id: 2, module: util.setVariable, map: { name: item, value: "{{1.name}}" } }
        """.utf8
      ).write(to: scenario)
      let ran = try await sonarflow.run(["run", scenario.path, "--db", db, "--emulator"])
      #expect(ran.exitCode == 0, "\(ran.standardError)")
      let id = try #require(try await list().first?["id"] as? String)
      let json = try await sonarflow.run(["history", "show", id, "--db", db, "--format", "json"])
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
      let operations = try #require(object["operationLog"] as? [[String: Any]])
      #expect(operations.map { $0["module"] as? Int } == [1, 2])
      let check = try #require((operations[0]["exchanges"] as? [[String: Any]])?.first)
      #expect(check["method"] as? String == "GET")
      #expect(check["url"] as? String == url)
      #expect(check["status"] as? Int == 200)
      #expect((check["responseBody"] as? String)?.contains(#""name": "one""#) == true)
      #expect((operations[1]["exchanges"] as? [Any])?.isEmpty == true)
      let shown = try await sonarflow.run(["history", "show", id, "--db", db])
      #expect(shown.standardOutput.contains("  http:   GET \(url) → 200 ("), "\(shown.standardOutput)")
    }
  }

  /// Every Sonar call an operation makes is kept with it (`exchanges`), its credentials taken out,
  /// and shown by `history show` in both formats.
  @Test func sonarExchangesAreRecordedWithoutCredentials() async throws {
    #expect(try await runWelcome().exitCode == 0)
    let id = try #require(try await list().first?["id"] as? String)
    let json = try await sonarflow.run(["history", "show", id, "--db", db, "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
    let operations = try #require(object["operationLog"] as? [[String: Any]])
    #expect((operations[0]["exchanges"] as? [Any])?.isEmpty == true)
    let lookup = try #require((operations[1]["exchanges"] as? [[String: Any]])?.first)
    #expect(lookup["method"] as? String == "GET")
    #expect(lookup["status"] as? Int == 200)
    #expect((lookup["url"] as? String)?.contains("/customers?") == true)
    #expect((lookup["url"] as? String)?.contains("token=<redacted>") == true)
    let headers = try #require(lookup["requestHeaders"] as? [[String]])
    #expect(headers.contains(["X-Token", "<redacted>"]))
    #expect((lookup["responseBody"] as? String)?.contains("\"first_name\":\"Ann\"") == true)
    let send = try #require((operations[2]["exchanges"] as? [[String: Any]])?.first)
    #expect(send["method"] as? String == "POST")
    #expect((send["requestBody"] as? String)?.contains("welcome") == true)
    #expect(send["attempt"] as? Int == 1)

    let shown = try await sonarflow.run(["history", "show", id, "--db", db])
    #expect(shown.standardOutput.contains("  http:   POST http://127.0.0.1:"))
    #expect(shown.standardOutput.contains("/messages → 202 ("))
  }

  /// `history diff`: nothing differs between two runs of the same scenario on the same bundle
  /// (exit 0); an edited text is named at its module with both values (exit 1); a missing id is
  /// exit 2, apart from "they differ".
  @Test func diffShowsWhatAnEditChanged() async throws {
    #expect(try await runWelcome().exitCode == 0)
    #expect(try await runWelcome().exitCode == 0)
    let edited = folder.appendingPathComponent("welcome.yaml")
    let text = try String(contentsOfFile: example("welcome-new-customer.yaml"), encoding: .utf8)
    try text.replacingOccurrences(of: "welcome! Reply", with: "glad you are here! Reply")
      .write(to: edited, atomically: true, encoding: .utf8)
    let third = try await sonarflow.run(
      [
        "run", edited.path, "--bundle", example("bundles/welcome-new-customer.json"), "--db", db, "--emulator",
        "--emulator-state", example("emulator-state.json"),
      ])
    #expect(third.exitCode == 0, "\(third.standardError)")
    let ids = try await list().compactMap { $0["id"] as? String }.reversed().map { $0 }

    let same = try await sonarflow.run(["history", "diff", ids[0], ids[1], "--db", db])
    #expect(same.exitCode == 0, "\(same.standardOutput)")
    #expect(same.standardOutput.contains("No differences"))

    let changed = try await sonarflow.run(["history", "diff", ids[0], ids[2], "--db", db])
    #expect(changed.exitCode == 1)
    #expect(changed.standardOutput.contains("1 step differs"))
    #expect(changed.standardOutput.contains("Module 3 sonar.sendMessage, its operation 1 (operation 3 → 3)"))
    #expect(
      changed.standardOutput.contains(
        #"  input text: "Hi Ann, welcome! Reply STOP to opt out." → "Hi Ann, glad you are here! Reply STOP to opt out.""#
      ))
    #expect(changed.standardOutput.contains("  requests [0].body: "))

    let json = try await sonarflow.run(["history", "diff", ids[0], ids[2], "--db", db, "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
    #expect(object["same"] as? Bool == false)
    #expect((object["steps"] as? [[String: Any]])?.first?["module"] as? Int == 3)

    let missing = try await sonarflow.run(["history", "diff", ids[0], "nope", "--db", db])
    #expect(missing.exitCode == 2)
    #expect(missing.standardError.contains("no execution 'nope'"))
  }

  /// Runs a scenario named "Orders" `count` times, recorded in this test's file; the ids.
  private func runOrders(_ count: Int) async throws -> [String] {
    try await runOrders(bundles: Array(repeating: "{}", count: count))
  }

  /// Runs the "Orders" scenario once per trigger bundle (its `order` mapped into an operation's
  /// input); the ids of every execution in the file, newest first.
  private func runOrders(bundles: [String]) async throws -> [String] {
    let scenario = folder.appendingPathComponent("orders.yaml")
    try Data(
      """
      name: Orders
      trigger: { module: webhook.custom, params: { webhookName: orders } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: seen, value: "order {{1.order}}" } }
      """.utf8
    ).write(to: scenario)
    for bundle in bundles {
      let result = try await sonarflow.run(["run", scenario.path, "--bundle", "-", "--db", db], standardInput: bundle)
      #expect(result.exitCode == 0, "\(result.standardError)")
    }
    return try await list(["--limit", "100"]).compactMap { $0["id"] as? String }
  }

  @Test func showTakesAUniqueIDPrefixAndListsTheCandidatesOfAnAmbiguousOne() async throws {
    // 17 ids over 16 hexadecimal digits: at least two start with the same one.
    let ids = try await runOrders(17)
    #expect(ids.count == 17)
    let shared = try #require(Dictionary(grouping: ids, by: { String($0.prefix(1)) }).first { $0.value.count > 1 })
    let ambiguous = try await sonarflow.run(["history", "show", shared.key, "--db", db])
    #expect(ambiguous.exitCode == 2)
    #expect(
      ambiguous.standardError.hasPrefix(
        "error: '\(shared.key)' starts the ids of \(shared.value.count) executions in \(db)\n"),
      "\(ambiguous.standardError)")
    for id in shared.value { #expect(ambiguous.standardError.contains("\n  \(id)  ")) }
    #expect(ambiguous.standardError.hasSuffix("  help: give more of the id, enough to name one execution\n"))

    let id = ids[0]
    let length = try #require((1...id.count).first { n in ids.filter { $0.hasPrefix(id.prefix(n)) }.count == 1 })
    let shown = try await sonarflow.run(["history", "show", String(id.prefix(length)), "--db", db])
    #expect(shown.exitCode == 0, "\(shown.standardError)")
    #expect(shown.standardOutput.hasPrefix("Execution \(id)\n"))
  }

  @Test func listMatchesTheScenarioWhateverTheCaseAndSuggestsTheNearestName() async throws {
    _ = try await runOrders(2)
    #expect(try await list(["--scenario", "oRDERS"]).count == 2)
    let missed = try await sonarflow.run(["history", "list", "--scenario", "Ordres", "--db", db])
    #expect(missed.exitCode == 0)
    #expect(missed.standardOutput == "no executions of scenario 'Ordres' in \(db)\n", "\(missed.standardOutput)")
    #expect(missed.standardError == "help: no scenario is named 'Ordres'; did you mean 'Orders'?\n")
    let unrelated = try await sonarflow.run(["history", "list", "--scenario", "Invoices", "--db", db])
    #expect(unrelated.standardError.isEmpty)
  }

  /// `--search` finds executions by a term of their bundles: the order id mapped into an
  /// operation's input, a phone number with or without its `+`; every term must be there.
  @Test func listSearchesInsideStoredBundles() async throws {
    var ids: [String: String] = [:]
    _ = try await runOrders(bundles: [
      #"{"order":"ORD-1001","customer":{"phone":"+15550001111"}}"#,
      #"{"order":"ORD-1002","customer":{"phone":"+15550002222"}}"#,
    ])
    for execution in try await list() {
      let shown = try await sonarflow.run(["history", "show", try #require(execution["id"] as? String), "--db", db])
      ids[shown.standardOutput.contains("ORD-1001") ? "ORD-1001" : "ORD-1002"] = execution["id"] as? String
    }
    #expect(try await list(["--search", "ord-1001"]).compactMap { $0["id"] as? String } == [ids["ORD-1001"]])
    #expect(try await list(["--search", "15550002222"]).compactMap { $0["id"] as? String } == [ids["ORD-1002"]])
    #expect(try await list(["--search", "+15550002222 ORD-1001"]).isEmpty)
    let none = try await sonarflow.run(["history", "list", "--search", "ORD-9999", "--db", db])
    #expect(none.exitCode == 0)
    #expect(none.standardOutput == "no executions matching 'ORD-9999' in \(db)\n", "\(none.standardOutput)")
    let empty = try await sonarflow.run(["history", "list", "--search", " ,; ", "--db", db])
    #expect(empty.exitCode == 2)
    #expect(
      empty.standardError.contains("--search ' ,; ' has no term to search for: give letters or digits"),
      "\(empty.standardError)")
  }

  @Test func unknownIDIsAClearError() async throws {
    #expect(try await runWelcome().exitCode == 0)
    let result = try await sonarflow.run(["history", "show", "nope", "--db", db])
    #expect(result.exitCode == 1)
    #expect(result.standardError.contains("no execution 'nope'"))
  }

  /// The commands that only look never create the file they are pointed at.
  @Test func aMissingFileIsAClearErrorAndStaysMissing() async throws {
    for arguments in [["history", "list"], ["history", "show", "nope"]] {
      let result = try await sonarflow.run(arguments + ["--db", db])
      #expect(result.exitCode == 2)
      #expect(
        result.standardError
          == "error: no history database '\(db)': nothing has been recorded there (check --db or SONARFLOW_DB)\n")
      #expect(!FileManager.default.fileExists(atPath: db))
    }
  }

  @Test(arguments: ["0", "-3"])
  func limitMustBePositive(_ limit: String) async throws {
    #expect(try await runWelcome().exitCode == 0)
    let result = try await sonarflow.run(["history", "list", "--db", db, "--limit=\(limit)"])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("--limit must be at least 1, not \(limit)"), "\(result.standardError)")
    #expect(result.standardOutput.isEmpty)
  }

  /// A history file someone may only read (0444, in a 0555 folder: SQLite cannot even create the
  /// WAL's -shm file) is still listed and shown, and left exactly as it was.
  @Test func aReadOnlyFileInAReadOnlyFolderCanBeInspected() async throws {
    #expect(try await runWelcome().exitCode == 0)
    let id = try #require(try await list().first?["id"] as? String)
    let locked = folder.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    let copy = locked.appendingPathComponent("history.sqlite").path
    // A closed database: the WAL was folded into the file when the last connection closed.
    try FileManager.default.copyItem(atPath: db, toPath: copy)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: copy)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
    let before = try FileManager.default.contentsOfDirectory(atPath: locked.path)
    let bytes = FileManager.default.contents(atPath: copy)

    let listed = try await sonarflow.run(["history", "list", "--db", copy])
    #expect(listed.exitCode == 0, "\(listed.standardError)")
    #expect(listed.standardOutput.contains(id))
    let shown = try await sonarflow.run(["history", "show", id, "--db", copy])
    #expect(shown.exitCode == 0, "\(shown.standardError)")
    #expect(shown.standardOutput.contains("Operation 3 · module 3 sonar.sendMessage"))
    let scenarios = try await sonarflow.run(["scenarios", "list", "--db", copy])
    #expect(scenarios.exitCode == 0, "\(scenarios.standardError)")

    #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == before)
    #expect(FileManager.default.contents(atPath: copy) == bytes)
  }

  @Test func replayIsANewLinkedExecution() async throws {
    _ = try await runWelcome()
    let id = try #require(try await list().first?["id"] as? String)
    let replay = try await sonarflow.run(
      ["history", "replay", id, "--db", db, "--emulator", "--emulator-state", example("emulator-state.json")])
    #expect(replay.exitCode == 0, "\(replay.standardError)")
    let executions = try await list()
    #expect(executions.count == 2)
    #expect(executions.first?["parentID"] as? String == id)
  }

  @Test func incompleteExecutionIsResumedOnceAfterTheFix() async throws {
    // Sonar is unreachable: the welcome scenario keeps the bundle as an incomplete execution.
    let failed = try await runWelcome(sonarURL: "http://127.0.0.1:9/api/v1")
    #expect(failed.exitCode == 0)
    #expect(failed.standardOutput.contains("! warning"))
    let incomplete = try await list(["--status", "incomplete"])
    let id = try #require(incomplete.first?["id"] as? String)

    let resumed = try await sonarflow.run(
      [
        "history", "resume", id, "--db", db, "--emulator", "--emulator-state", example("emulator-state.json"),
        "--format", "json",
      ])
    #expect(resumed.exitCode == 0, "\(resumed.standardError)")
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(resumed.standardOutput.utf8)) as? [String: Any])
    #expect(document["status"] as? String == "success")
    #expect(
      (document["modules"] as? [[String: Any]])?.map { $0["id"] as? Int } == [2, 3], "continues from the failed module")

    let again = try await sonarflow.run(["history", "resume", id, "--db", db, "--emulator"])
    #expect(again.exitCode == 1, "a resolved execution cannot be resumed twice")
    #expect(again.standardError.contains("not incomplete"))
    #expect(try await list(["--status", "incomplete"]).isEmpty)
  }

  /// A resume that stops on the same error again must not resolve the incomplete execution, nor
  /// leave a second one for the same bundle (which could be resumed, and sent, twice).
  @Test func aResumeThatStopsAgainLeavesTheExecutionIncompleteAndNamesTheAttempt() async throws {
    _ = try await runWelcome(sonarURL: "http://127.0.0.1:9/api/v1")
    let id = try #require(try await list(["--status", "incomplete"]).first?["id"] as? String)

    let again = try await sonarflow.run(
      ["history", "resume", id, "--db", db, "--sonar-url", "http://127.0.0.1:9/api/v1", "--format", "json"],
      environment: ["SONAR_TOKEN": "a-long-secret-token"])
    #expect(again.exitCode == 0, "\(again.standardError)")
    let attempt = try #require(
      try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: Any])
    let attemptID = try #require(attempt["execution"] as? String)
    let incomplete = try await list(["--status", "incomplete"])
    #expect(incomplete.map { $0["id"] as? String } == [id])

    let shown = try await sonarflow.run(["history", "show", id, "--db", db, "--format", "json"])
    let record = try #require(
      try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any])
    #expect(record["status"] as? String == "incomplete")
    // Get a Customer failed with a ConnectionError and no handler: Make's backoff schedule (8
    // attempts, for serve); an attempt by hand does not count.
    let retry = try #require(record["retry"] as? [String: Any])
    #expect(retry["attempts"] as? Int == 0)
    #expect(retry["limit"] as? Int == 8)
    #expect(retry["intervalMs"] as? String == "backoff")
    let error = try #require(record["error"] as? [String: Any])
    #expect(error["type"] as? String == "ConnectionError")
    #expect((error["message"] as? String)?.hasSuffix("(stopped again in execution \(attemptID))") == true)

    let fixed = try await sonarflow.run(
      [
        "history", "resume", id, "--db", db, "--emulator", "--emulator-state", example("emulator-state.json"),
      ])
    #expect(fixed.exitCode == 0, "\(fixed.standardError)")
    #expect(try await list(["--status", "incomplete"]).isEmpty)
  }

  @Test func deleteRemovesAnIncompleteExecutionOnly() async throws {
    // A bundle json.parse stops with a DataError, kept as incomplete: no network, no retries.
    let scenario = folder.appendingPathComponent("parse.yaml")
    try Data(
      """
      name: Parse
      settings: { storeIncomplete: true }
      trigger: { module: webhook.custom, params: { webhookName: parse } }
      flow:
        - { id: 2, module: json.parse, map: { json: "not json" } }
      """.utf8
    ).write(to: scenario)
    let bundle = folder.appendingPathComponent("bundle.json")
    try Data(#"{"id": 1}"#.utf8).write(to: bundle)
    #expect(try await sonarflow.run(["run", scenario.path, "--bundle", bundle.path, "--db", db]).exitCode == 0)
    let id = try #require(try await list(["--status", "incomplete"]).first?["id"] as? String)
    let other = try #require(try await list().first { $0["status"] as? String != "incomplete" }?["id"] as? String)
    let refused = try await sonarflow.run(["history", "delete", other, "--db", db])
    #expect(refused.exitCode == 1)
    #expect(refused.standardError.contains("not incomplete; only incomplete executions are deleted here"))
    #expect(try await list().contains { $0["id"] as? String == other })
    let deleted = try await sonarflow.run(["history", "delete", String(id.prefix(12)), "--db", db])
    #expect(deleted.exitCode == 0, "\(deleted.standardError)")
    #expect(deleted.standardOutput == "deleted incomplete execution \(id)\n")
    #expect(try await list(["--status", "incomplete"]).isEmpty)
    #expect(try await sonarflow.run(["history", "delete", id, "--db", db]).exitCode == 1)
  }

  @Test func pruneKeepsTheNewest() async throws {
    for _ in 0..<3 { _ = try await runWelcome() }
    let result = try await sonarflow.run(["history", "prune", "--keep-executions", "1", "--db", db])
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.hasPrefix("deleted 2 executions"))
    #expect(try await list().count == 1)
  }

  @Test func pruneNeedsARule() async throws {
    let result = try await sonarflow.run(["history", "prune", "--db", db])
    #expect(result.exitCode == 2)
  }

  /// A scenario that sleeps 60 s in two modules, with an empty bundle for it: `run` arguments. The
  /// tests stop it long before; the length leaves a loaded machine all the time it needs to see
  /// the run as running.
  private func slowRunArguments() throws -> [String] {
    let scenario = folder.appendingPathComponent("slow.yaml")
    try Data(
      """
      name: slow
      trigger: { module: webhook.custom, params: { webhookName: slow } }
      flow:
        - { id: 2, module: util.sleep, map: { delay: 30 } }
        - { id: 3, module: util.sleep, map: { delay: 30 } }
      """.utf8
    ).write(to: scenario)
    let bundle = folder.appendingPathComponent("empty.json")
    try Data("{}".utf8).write(to: bundle)
    return ["run", scenario.path, "--bundle", bundle.path, "--db", db]
  }

  /// Starts sonarflow with `arguments` and returns once history lists `count` executions, its own
  /// running one among them. Listing meanwhile marks nothing: the process has the file open.
  private func start(_ arguments: [String], untilListed count: Int) async throws -> Process {
    let process = Process()
    process.executableURL = sonarflow.executable
    process.arguments = arguments
    process.standardOutput = Pipe()
    process.standardError = Pipe()
    try ProcessLaunch.run(process)
    // The run creates the file: until it exists, listing it is an error (it is never created).
    while process.isRunning {
      if FileManager.default.fileExists(atPath: db), try await list().count >= count { break }
      try await Task.sleep(for: .milliseconds(50))
    }
    return process
  }

  @Test func anInterruptedRunIsRecordedAsInterrupted() async throws {
    let run = try await start(slowRunArguments(), untilListed: 1)
    try await Task.sleep(for: .milliseconds(300))
    run.interrupt()
    run.waitUntilExit()
    #expect(run.terminationStatus == 1)
    let executions = try await list()
    #expect(executions.map { $0["status"] as? String } == ["interrupted"])

    // A replay stops the same way: recorded as interrupted, linked to the first execution.
    let first = try #require(executions.first?["id"] as? String)
    let replay = try await start(["history", "replay", first, "--db", db], untilListed: 2)
    try await Task.sleep(for: .milliseconds(300))
    replay.interrupt()
    replay.waitUntilExit()
    #expect(replay.terminationStatus == 1)
    let replayed = try await list().first { $0["id"] as? String != first }
    #expect(replayed?["status"] as? String == "interrupted")
    #expect(replayed?["parentID"] as? String == first)
  }

  /// `kill -9` of a run leaves its row `running`; the next sonarflow command that opens the file
  /// alone marks it interrupted and says so on standard error. While the run is alive, commands
  /// on the same file leave its running row alone.
  @Test func theNextCommandAloneMarksAKilledRunInterrupted() async throws {
    let run = try await start(slowRunArguments(), untilListed: 1)
    #expect(try await list().map { $0["status"] as? String } == ["running"])
    kill(run.processIdentifier, SIGKILL)
    run.waitUntilExit()
    #expect(run.terminationReason == .uncaughtSignal)

    let result = try await sonarflow.run(["history", "list", "--db", db, "--format", "json"])
    #expect(result.exitCode == 0)
    #expect(result.standardError.contains("1 execution left running by a process that ended marked interrupted"))
    let executions = try await list()
    #expect(executions.map { $0["status"] as? String } == ["interrupted"])
  }

  /// A file that is not a history database is named once, with SQLite's reason (exit 2).
  @Test func aFileThatIsNotADatabaseIsAClearError() async throws {
    let file = folder.appendingPathComponent("notes.sqlite")
    try Data("not a database, just notes".utf8).write(to: file)
    let result = try await sonarflow.run(["history", "list", "--db", file.path])
    #expect(result.exitCode == 2)
    #expect(
      result.standardError
        == "error: cannot open the history database '\(file.path)': 26 (file is not a database): file is not a database\n"
    )
  }

  @Test func theTokenIsNotStored() async throws {
    _ = try await runWelcome(sonarURL: "http://127.0.0.1:9/api/v1")
    for suffix in ["", "-wal"] {
      let bytes = FileManager.default.contents(atPath: db + suffix) ?? Data()
      #expect(bytes.range(of: Data("a-long-secret-token".utf8)) == nil)
    }
  }
}
