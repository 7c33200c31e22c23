import Foundation
import SonarflowTesting
import Testing

/// `sonarflow test` as CI runs it: exit codes and formats.
@Suite struct TestCommandTests {
  let sonarflow: CommandRunner
  let folder: URL

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("test-command")
  }

  private func write(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  private let scenario = """
    name: echo
    trigger: { module: webhook.custom, params: { webhookName: echo } }
    flow:
      - { id: 2, module: util.setVariable, map: { name: greeting, value: "Hi {{1.name}}" } }
    """

  @Test func theShippedExamplesPassWithExitZero() async throws {
    // Every route, filter outcome and error handler of every example is taken by its tests.
    let result = try await sonarflow.run(
      ["test", Fixture.repositoryRoot.appendingPathComponent("scenarios").path, "--coverage-min", "100"])
    #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
    #expect(result.standardOutput.contains(" passed, 0 failed"))
    #expect(result.standardOutput.contains("coverage "))
  }

  @Test func aFailingCaseExitsOneAndSaysWhereAndWhat() async throws {
    _ = try write("echo.yaml", scenario)
    let tests = try write(
      "echo.test.yaml",
      """
      tests:
        - name: greets
          trigger: { name: Ann }
          expect: { modules: { 2: { output: { greeting: Hi Ann } } } }
        - name: greets wrongly
          trigger: { name: Ann }
          expect: { modules: { 2: { output: { greeting: Hello Ann } } } }
      """)
    let human = try await sonarflow.run(["test", tests])
    #expect(human.exitCode == 1)
    #expect(human.standardOutput.contains("✔ \(tests) › greets ("))
    #expect(human.standardOutput.contains("✘ \(tests) › greets wrongly ("))
    #expect(human.standardOutput.contains("\(tests):7:39: module 2's output: greeting\n"))
    #expect(human.standardOutput.contains("expected: \"Hello Ann\"\n      actual:   \"Hi Ann\"\n"))
    #expect(human.standardOutput.hasSuffix("1 passed, 1 failed\n"))

    let github = try await sonarflow.run(["test", tests, "--format", "github"])
    #expect(github.exitCode == 1)
    #expect(github.standardOutput.contains("::error file=\(tests),line=7,col=39,title=greets wrongly::"))

    let tap = try await sonarflow.run(["test", tests, "--format", "tap", "--filter", "WRONGLY"])
    #expect(tap.standardOutput.hasPrefix("TAP version 13\n1..1\nnot ok 1 - "))

    let json = try await sonarflow.run(["test", tests, "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
    #expect(object?["passed"] as? Int == 1)
    #expect(object?["failed"] as? Int == 1)
  }

  @Test func updateRewritesTheRecordedExpectationsThatFailedAndNothingElse() async throws {
    _ = try write("echo.yaml", scenario)
    let before = """
      # yaml-language-server: $schema=../sonarflow-test.schema.json
      tests:
        # recorded, then the greeting changed
        - name: recorded
          trigger: { name: Ann }
          expect:
            status: success   # still true
            modules:
              2:
                called: 2        # wrong
                input: { equals: { name: greeting, value: "Hello Ann" } }  # wrong
            conditions: ["{{2.greeting = \\"Hi Ann\\"}}"]
      """
    let tests = try write("echo.test.yaml", before)
    let failing = try await sonarflow.run(["test", tests])
    #expect(failing.exitCode == 1)

    let updated = try await sonarflow.run(["test", tests, "--update"])
    #expect(updated.exitCode == 0, "\(updated.standardOutput)\(updated.standardError)")
    #expect(updated.standardError.contains("updated 2 recorded expectation(s) in \(tests)\n"))
    #expect(updated.standardOutput.hasSuffix("1 passed, 0 failed\n"))
    let after = try String(contentsOfFile: tests, encoding: .utf8)
    let lines = after.split(separator: "\n", omittingEmptySubsequences: false)
    let original = before.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == original.count)
    // Every line but the two rewritten stays byte for byte, comments and key order included.
    for index in original.indices where index != 9 && index != 10 {
      #expect(lines[index] == original[index])
    }
    #expect(lines[9] == "          called: 1        # wrong")
    #expect(lines[10].hasPrefix("          input: { equals: {"))
    #expect(lines[10].contains(#""value":"Hi Ann""#))
    #expect(lines[10].hasSuffix("} }  # wrong"))

    let again = try await sonarflow.run(["test", tests])
    #expect(again.exitCode == 0)
  }

  @Test func updateLeavesHandWrittenMatchersAndStillFails() async throws {
    _ = try write("echo.yaml", scenario)
    let text = """
      tests:
        - name: hand-written
          trigger: { name: Ann }
          expect: { modules: { 2: { input: { value: { contains: Hello } } } } }
      """
    let tests = try write("echo.test.yaml", text)
    let result = try await sonarflow.run(["test", tests, "--update"])
    #expect(result.exitCode == 1)
    #expect(!result.standardError.contains("updated"))
    #expect(try String(contentsOfFile: tests, encoding: .utf8) == text)
  }

  @Test func coverageBelowTheMinimumExitsOneAndNamesWhatWasNeverTaken() async throws {
    _ = try write(
      "route.yaml",
      """
      name: route
      trigger: { module: webhook.custom, params: { webhookName: route } }
      flow:
        - id: 2
          module: flow.router
          routes:
            - name: Big
              filter: { conditions: [[ { a: "{{1.n}}", op: "number:greater", b: 10 } ]] }
              flow: [{ id: 3, module: util.setVariable, map: { name: size, value: big } }]
            - name: Small
              fallback: true
              flow: [{ id: 4, module: util.setVariable, map: { name: size, value: small } }]
      """)
    let tests = try write(
      "route.test.yaml",
      """
      tests:
        - name: big
          trigger: { n: 11 }
          expect: { modules: { 3: { called: 1 } } }
      """)
    let result = try await sonarflow.run(["test", tests, "--coverage-min", "75"])
    #expect(result.exitCode == 1)
    #expect(result.standardOutput.contains("coverage \(folder.path)/route.yaml: 2 of 4 (50.0 %)\n"))
    #expect(
      result.standardOutput.contains(
        "never taken: route 'Small' of module 2 (flow.router) (\(folder.path)/route.yaml:10:9)"))
    #expect(
      result.standardError.contains(
        "is covered 50.0 %, below --coverage-min 75.0 %; never taken: route 'Small' of module 2 (flow.router); module 4 (util.setVariable)"
      ))
    let enough = try await sonarflow.run(["test", tests, "--coverage-min", "50"])
    #expect(enough.exitCode == 0, "\(enough.standardError)")
  }

  @Test func aRecordedExecutionPassesThenFailsWithTheDifferenceAfterAnEdit() async throws {
    let scenarioPath = try write(
      "welcome.yaml",
      """
      name: welcome
      trigger: { module: webhook.custom, params: { webhookName: welcome } }
      flow:
        - { id: 2, module: sonar.getCustomer, map: { phoneNumber: "{{1.phone}}" } }
        - { id: 3, module: sonar.sendMessage, map: { phoneNumber: "{{2.phone_number}}", text: "Hi {{2.first_name}}" } }
      """)
    let state = try write("state.json", #"{"customers": [{"phone_number": "+13105551234", "first_name": "Ann"}]}"#)
    let bundle = try write("bundle.json", #"{"phone": "+13105551234"}"#)
    let database = folder.appendingPathComponent("history.sqlite").path
    let ran = try await sonarflow.run(
      [
        "run", scenarioPath, "--emulator", "--emulator-state", state, "--bundle", bundle, "--db", database, "--format",
        "json",
      ])
    #expect(ran.exitCode == 0, "\(ran.standardError)")
    let execution = try #require(
      (try JSONSerialization.jsonObject(with: Data(ran.standardOutput.utf8)) as? [String: Any])?["execution"] as? String
    )
    let testPath = folder.appendingPathComponent("welcome.test.yaml").path
    let recorded = try await sonarflow.run(
      ["test", "record", execution, "--db", database, "--scenario", "welcome.yaml", "--output", testPath])
    #expect(recorded.exitCode == 0, "\(recorded.standardError)")
    #expect(try await sonarflow.run(["test", testPath]).exitCode == 0)

    try Data(
      try String(contentsOfFile: scenarioPath, encoding: .utf8).replacingOccurrences(of: "Hi ", with: "Hello ").utf8
    )
    .write(to: URL(fileURLWithPath: scenarioPath))
    let edited = try await sonarflow.run(["test", testPath])
    #expect(edited.exitCode == 1)
    #expect(
      edited.standardOutput.contains(
        "module 3's input: text\n      expected: \"Hi Ann\"\n      actual:   \"Hello Ann\"\n"))

    let again = try await sonarflow.run(["test", "record", execution, "--db", database, "--output", testPath])
    #expect(again.exitCode == 2)
    #expect(again.standardError.contains("exists"))
  }

  @Test func aConfidentialExecutionIsNotRecorded() async throws {
    let scenarioPath = try write(
      "secret.yaml",
      """
      name: secret
      settings: { confidential: true }
      trigger: { module: webhook.custom, params: { webhookName: secret } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: x, value: "{{1.x}}" } }
      """)
    let bundle = try write("bundle.json", #"{"x": 1}"#)
    let database = folder.appendingPathComponent("history.sqlite").path
    let ran = try await sonarflow.run(["run", scenarioPath, "--bundle", bundle, "--db", database, "--format", "json"])
    let execution = try #require(
      (try JSONSerialization.jsonObject(with: Data(ran.standardOutput.utf8)) as? [String: Any])?["execution"] as? String
    )
    let recorded = try await sonarflow.run(["test", "record", execution, "--db", database])
    #expect(recorded.exitCode == 1)
    #expect(recorded.standardError.contains("kept no trigger bundle (its scenario is confidential"))
  }

  @Test func anInvalidTestFileExitsTwoWithItsPosition() async throws {
    _ = try write("echo.yaml", scenario)
    let tests = try write("echo.test.yaml", "tests:\n  - name: x\n    expct: {}\n")
    let result = try await sonarflow.run(["test", tests])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("\(tests):3:5: error: unknown key 'expct' in a test case"))
    #expect(result.standardError.contains("help: Did you mean 'expect'?"))
  }

  @Test func namesAndValuesAreEscapedForTheTerminal() async throws {
    _ = try write("echo.yaml", scenario)
    let tests = try write(
      "echo.test.yaml",
      """
      tests:
        - name: "title \\e]0;owned\\a"
          trigger: { name: "\\e[31mAnn" }
          expect: { modules: { 2: { output: { greeting: Hi } } } }
      """)
    let result = try await sonarflow.run(["test", tests])
    #expect(result.exitCode == 1)
    #expect(!result.standardOutput.contains("\u{1B}"))
    #expect(!result.standardOutput.contains("\u{07}"))
    #expect(result.standardOutput.contains(#"title \u{1B}]0;owned\u{7}"#))
  }

  @Test func theCheckedInTestSchemaIsCurrent() async throws {
    let result = try await sonarflow.run(["schema", "--tests"])
    #expect(result.exitCode == 0)
    let checkedIn = try String(
      contentsOf: Fixture.repositoryRoot.appendingPathComponent("sonarflow-test.schema.json"), encoding: .utf8)
    #expect(result.standardOutput == checkedIn, "run 'sonarflow schema --tests > sonarflow-test.schema.json'")
  }

  @Test func aMissingPathExitsTwo() async throws {
    let result = try await sonarflow.run(["test", folder.appendingPathComponent("nowhere").path])
    #expect(result.exitCode == 2)
    #expect(result.standardError.contains("no such file or folder"))
  }
}
