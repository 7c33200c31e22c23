import Foundation
import SonarflowTesting
import Testing

/// `sonarflow run` as users run it: against the in-process emulator, exit codes, output formats.
@Suite struct RunCommandTests {
  let sonarflow: CommandRunner
  let folder: URL

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("run")
  }

  private func example(_ name: String) -> String {
    Fixture.repositoryRoot.appendingPathComponent("scenarios/\(name)").path
  }

  private func write(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  /// Runs sonarflow with its history in this test's folder, never in the checkout.
  private func run(
    _ arguments: [String], standardInput: String? = nil, environment: [String: String] = [:]
  ) async throws -> CommandRunner.Result {
    let database = ["SONARFLOW_DB": folder.appendingPathComponent("history.sqlite").path]
    return try await sonarflow.run(
      arguments, standardInput: standardInput, environment: database.merging(environment) { $1 })
  }

  private var emulatorArguments: [String] {
    ["--emulator", "--emulator-state", example("emulator-state.json")]
  }

  /// `run` reads the scenario with validate's loader: an alias bomb is refused at the alias
  /// before anything is expanded (exit 2).
  @Test func anAliasBombIsRefusedBeforeItIsExpanded() async throws {
    let bomb = Fixture.url("yaml/billion-laughs.yaml").path
    let result = try await run(["run", bomb, "--bundle", "-"] + emulatorArguments, standardInput: "{}")
    #expect(result.exitCode == 2)
    #expect(
      result.standardError.contains("\(bomb):3:14: error: YAML aliases are not supported in scenario files"),
      "\(result.standardError)")
  }

  /// Live output numbers operations as the summary counts them: a filter stopping a bundle is not
  /// one, so the numbers run 1, 2, 3 with no gap and end at the summary's count.
  @Test func liveOutputNumbersOperationsAsTheSummaryCountsThem() async throws {
    let scenario = try write(
      "numbered.yaml",
      """
      name: numbered
      trigger: { module: webhook.custom, params: { webhookName: numbered } }
      flow:
        - id: 2
          module: util.setVariable
          filter: { conditions: [[ { a: "{{1.keep}}", op: exist } ]] }
          map: { name: kept, value: "{{1.keep}}" }
      """)
    let result = try await run(["run", scenario, "--bundle", "-"], standardInput: #"[{"drop": 1}, {"keep": 2}]"#)
    #expect(result.exitCode == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("[1] 1 webhook.custom"), "\(result.standardOutput)")
    #expect(result.standardOutput.contains(": stopped by filter"))
    #expect(result.standardOutput.contains("[2] 2 util.setVariable"), "\(result.standardOutput)")
    #expect(!result.standardOutput.contains("[3]"))
    #expect(result.standardOutput.contains("✔ success — 2 operations"))
  }

  @Test func runsAnExampleAgainstTheEmulator() async throws {
    let result = try await run(
      ["run", example("welcome-new-customer.yaml"), "--bundle", example("bundles/welcome-new-customer.json")]
        + emulatorArguments)
    #expect(result.exitCode == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("[3] 3 sonar.sendMessage"))
    #expect(result.standardOutput.contains("\"text\":\"Hi Ann, welcome! Reply STOP to opt out.\""))
    #expect(result.standardOutput.contains("✔ success — 3 operations"))
    // The trigger's operation takes microseconds: shown as such, not as "0.03 ms".
    #expect(result.standardOutput.contains(#/sonar\.watchNewCustomer  [0-9]+ µs\n/#))
  }

  @Test func jsonOutputHasTheDocumentedShape() async throws {
    let result = try await run(
      [
        "run", example("welcome-new-customer.yaml"), "--bundle", example("bundles/welcome-new-customer.json"),
        "--format", "json",
      ]
        + emulatorArguments)
    #expect(result.exitCode == 0)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(document["status"] as? String == "success")
    #expect(document["operations"] as? Int == 3)
    let modules = try #require(document["modules"] as? [[String: Any]])
    #expect(modules.map { $0["id"] as? Int } == [1, 2, 3])
    let send = try #require((modules[2]["operations"] as? [[String: Any]])?.first)
    #expect((send["input"] as? [String: Any])?["phoneNumber"] as? String == "+13105551234")
    #expect((send["output"] as? [[String: Any]])?.first?["status"] as? String == "queued")
    #expect(send["filtered"] as? Bool == false)
    #expect(send["error"] is NSNull)
  }

  @Test func bundleFromStandardInput() async throws {
    let result = try await run(
      ["run", example("vip-tag-campaign.yaml"), "--bundle", "-"] + emulatorArguments,
      standardInput: "{\"tag_name\": \"vip\", \"customer\": {\"phone_number\": \"+13105551234\"}}")
    #expect(result.exitCode == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("2 sonar.sendCampaign"))
  }

  @Test func dryRunShowsTheWriteWithoutSendingIt() async throws {
    let result = try await run(
      [
        "run", example("welcome-new-customer.yaml"), "--bundle", example("bundles/welcome-new-customer.json"),
        "--dry-run",
      ]
        + emulatorArguments)
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.contains("\"dryRun\":true"))
    #expect(result.standardOutput.contains("dry run"))
  }

  @Test func failedExecutionExitsOneWithTheErrorLocated() async throws {
    let path = try write(
      "fails.yaml",
      """
      name: fails
      trigger: { module: webhook.custom, params: { webhookName: fails } }
      flow:
        - id: 2
          module: sonar.sendMessage
          map: { phoneNumber: "{{1.phone}}", text: "hello" }
      """)
    let result = try await run(
      ["run", path, "--bundle", "-"] + emulatorArguments, standardInput: "{\"phone\": \"not a number\"}")
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.contains("✘ error"))
    #expect(result.standardOutput.contains("\(path):4:5: error: DataError in module 2"))
  }

  /// A customer's text through a pattern that backtracks stops at the time limit instead of
  /// holding the run: the module fails with a DataError at the call's position.
  @Test(.timeLimit(.minutes(2)))
  func aBacktrackingPatternFailsTheModuleWithADataError() async throws {
    let scenario = Fixture.url("expressions/hostile-pattern.yaml").path
    let result = try await run(["run", scenario, "--bundle", Fixture.url("expressions/hostile-pattern.json").path])
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.contains("\(scenario):8:37: error: DataError in module 2"))
    #expect(
      result.standardOutput.contains(
        #"'replace' stopped matching a regular expression after 100 ms in '{{replace(1.text; "/(a+)+b/"; "x")}}'"#))
  }

  @Test func invalidScenarioExitsTwoWithValidatesDiagnostics() async throws {
    let path = try write(
      "invalid.yaml",
      """
      name: invalid
      trigger: { module: webhook.custom, params: { webhookName: x } }
      flow:
        - { id: 2, module: sonar.sendMesage }
      """)
    let result = try await run(["run", path, "--bundle", "-"], standardInput: "{}")
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("\(path):4:22: error: unknown module 'sonar.sendMesage'"))
  }

  @Test func instantTriggerWithoutABundleIsAUsageError() async throws {
    let result = try await run(["run", example("welcome-new-customer.yaml")] + emulatorArguments)
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("--bundle"))
  }

  @Test(arguments: ["not json", "42", "[1, 2]"])
  func badBundlesAreUsageErrors(input: String) async throws {
    let result = try await run(
      ["run", example("welcome-new-customer.yaml"), "--bundle", "-"] + emulatorArguments, standardInput: input)
    #expect(result.exitCode == 2)
    #expect(result.standardError.hasPrefix("error: "))
  }

  @Test func withoutATokenSonarModulesSayWhatToSet() async throws {
    let result = try await run(
      [
        "run", example("vip-tag-campaign.yaml"), "--bundle", example("bundles/vip-tag-campaign.json"), "--sonar-url",
        "http://127.0.0.1:9/api/v1",
      ],
      environment: ["SONAR_TOKEN": ""])
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.contains("no Sonar token: set the environment variable SONAR_TOKEN"))
  }

  @Test func storedIncompleteBundlesEndInAWarning() async throws {
    let result = try await run(
      [
        "run", example("welcome-new-customer.yaml"), "--bundle", example("bundles/welcome-new-customer.json"),
        "--sonar-url", "http://127.0.0.1:9/api/v1",
      ],
      environment: ["SONAR_TOKEN": "token"])
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.contains("! warning"))
    #expect(result.standardOutput.contains("incomplete: module 2 stopped a bundle (ConnectionError"))
  }

  @Test func theTokenNeverAppearsInOutput() async throws {
    let secret = "sk-very-secret-token-1234"
    let result = try await run(
      [
        "run", example("vip-tag-campaign.yaml"), "--bundle", example("bundles/vip-tag-campaign.json"), "--sonar-url",
        "http://127.0.0.1:9/api/v1",
      ],
      environment: ["SONAR_TOKEN": secret])
    #expect(result.exitCode == 1)
    #expect(!result.standardOutput.contains(secret))
    #expect(!result.standardError.contains(secret))
    #expect(result.standardOutput.contains("ConnectionError"))
  }
}
