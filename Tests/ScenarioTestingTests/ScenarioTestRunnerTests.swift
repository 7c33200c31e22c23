import Foundation
import FoundationXML
import SonarflowTesting
import Testing

@testable import ScenarioTesting

@Suite struct ScenarioTestRunnerTests {
  static let scenario = """
    name: greet
    trigger: { module: webhook.custom, params: { webhookName: greet } }
    flow:
      - id: 2
        module: sonar.sendMessage
        filter:
          name: Has a phone
          conditions: [[ { a: "{{1.phone}}", op: exist } ]]
        map: { phoneNumber: "{{1.phone}}", text: "Hi {{1.name}}" }
    """

  /// Writes the scenario and `tests` (the cases of a test file) to a folder and runs them.
  func run(_ tests: String) async throws -> [CaseResult] {
    let folder = try Fixture.temporaryDirectory("scenario-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.scenario.write(to: folder.appendingPathComponent("greet.yaml"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent("greet.test.yaml").path
    try tests.write(toFile: path, atomically: true, encoding: .utf8)
    let loaded = try ScenarioTestLoader.load(path).get()
    return await ScenarioTestRunner().run(loaded.file, scenario: loaded.scenario)
  }

  static let world = #"world: { customers: [{ phone_number: "+13105551234", first_name: Ann }] }"#

  @Test func everyExpectationKindCanPass() async throws {
    let results = try await run(
      """
      tests:
        - name: all pass
          trigger: { phone: "+13105551234", name: Ann }
          \(Self.world)
          expect:
            status: success
            modules:
              1: { called: 1, output: { name: Ann } }
              2: { called: 1, filtered: false, input: { phoneNumber: "+13105551234", text: { equals: "Hi Ann" } }, output: { status: { matches: "^(queued|sent)$" } } }
            messages: [{ phone_number: "+13105551234", text: { contains: Ann } }]
            customers: [{ phone_number: "+13105551234", first_name: Ann }]
            conditions: ["{{2.status != \\"failed\\"}}"]
        - name: filtered and mocked
          trigger: [{ name: Bo }, { phone: "+13105551234", name: Ann }]
          \(Self.world)
          mocks: { 2: { error: { type: DataError, message: "the number is blocked" } } }
          expect:
            status: error
            modules: { 2: { filtered: true, called: 1, error: { type: DataError, message: { contains: blocked } } } }
            messages: []
      """)
    for result in results {
      #expect(result.passed, "\(result.testCase.name): \(result.failures)")
    }
    #expect(results.count == 2)
  }

  @Test func everyExpectationKindFailsWithExpectedAndActual() async throws {
    let results = try await run(
      """
      tests:
        - name: all wrong
          trigger: { phone: "+13105551234", name: Ann }
          \(Self.world)
          expect:
            status: error
            modules:
              2: { called: 2, filtered: true, input: { text: Hello Ann }, error: { type: DataError } }
            messages: [{ text: Hi Bo }, { text: Hi Ann }]
            customers: [{ phone_number: "+13105551234", first_name: Bob }, { phone_number: "+15550000000" }]
            conditions: ["{{1.name = \\"Bob\\"}}"]
      """)
    let failures = try #require(results.first?.failures)
    let lines = failures.map {
      "\($0.location.line):\($0.location.column) \($0.message) | \($0.expected ?? "-") | \($0.actual ?? "-")"
    }
    #expect(
      lines == [
        "6:15 the execution's status | error | success",
        "8:22 module 2's operations | 2 | 1",
        "8:48 module 2's input: text | \"Hello Ann\" | \"Hi Ann\"",
        "8:35 module 2's filter | stops a bundle | stopped nothing",
        "8:76 module 2's error | DataError | no error",
        "9:17 messages sent | 2 | 1: +13105551234 \"Hi Ann\"",
        "10:19 the customer +13105551234: first_name | \"Bob\" | \"Ann\"",
        "10:70 the customer +15550000000 | to exist after the run | no such customer",
        "11:20 the condition {{1.name = \"Bob\"}} | true | false",
      ], "\(lines.joined(separator: "\n"))")
  }

  @Test func aModuleThatNeverRanSaysSo() async throws {
    let results = try await run(
      """
      tests:
        - name: no phone
          trigger: { name: Bo }
          expect:
            modules: { 2: { input: { text: Hi Bo } } }
      """)
    #expect(results.first?.failures.map(\.message) == ["module 2 never ran"])
  }

  @Test func mocksAndExpectationsOnMissingModulesAreRefused() throws {
    let folder = try Fixture.temporaryDirectory("scenario-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.scenario.write(to: folder.appendingPathComponent("greet.yaml"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent("greet.test.yaml").path
    try """
    tests:
      - name: x
        mocks: { 9: { output: {} } }
        expect: { modules: { 4: { called: 1 } } }
    """.write(toFile: path, atomically: true, encoding: .utf8)
    guard case .failure(let problem) = ScenarioTestLoader.load(path) else {
      Issue.record("the test file loaded")
      return
    }
    #expect(
      problem.diagnostics.map { "\($0.location?.line ?? 0): \($0.message)" } == [
        "3: a mock names module 9, which scenario 'greet' does not have",
        "4: an expectation names module 4, which scenario 'greet' does not have",
      ])
    #expect(problem.diagnostics.first?.fixHint == "Its modules are 2 (1 is the trigger).")
  }

  @Test func junitReadsBackAsJUnit() async throws {
    let results = try await run(
      """
      tests:
        - name: passes <&>
          trigger: { phone: "+13105551234", name: Ann }
          \(Self.world)
          expect: { status: success }
        - name: fails
          trigger: { phone: "+13105551234", name: Ann }
          \(Self.world)
          expect: { status: error }
      """)
    let report = TestReport(files: [
      TestReport.FileResult(path: "greet.test.yaml", scenarioPath: "greet.yaml", cases: results)
    ])
    let document = try XMLDocument(xmlString: report.render(.junit))
    let cases = try document.nodes(forXPath: "//testsuite/testcase")
    #expect(
      cases.compactMap { ($0 as? XMLElement)?.attribute(forName: "name")?.stringValue } == ["passes <&>", "fails"])
    let failures = try document.nodes(forXPath: "//testcase/failure")
    #expect(failures.count == 1)
    #expect((failures.first as? XMLElement)?.attribute(forName: "message")?.stringValue == "the execution's status")
    #expect(try document.nodes(forXPath: "/testsuites/@failures").first?.stringValue == "1")
  }

  @Test func theShippedExamplesPass() async throws {
    let paths = try ScenarioTestLoader.discover([Fixture.repositoryRoot.appendingPathComponent("scenarios").path])
    #expect(!paths.isEmpty)
    for path in paths {
      let loaded = try ScenarioTestLoader.load(path).get()
      for result in await ScenarioTestRunner().run(loaded.file, scenario: loaded.scenario) {
        #expect(result.passed, "\(path) › \(result.testCase.name): \(result.failures)")
      }
    }
  }
}
