import Foundation
import FoundationXML
import ScenarioModel
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
    let loaded = try load(scenario: Self.scenario, tests: tests).get()
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
    let result = try load(
      scenario: Self.scenario,
      tests: """
        tests:
          - name: x
            mocks: { 9: { output: {} } }
            expect: { modules: { 4: { called: 1 } } }
        """)
    guard case .failure(let problem) = result else {
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

  static let router = """
    name: sizes
    trigger: { module: webhook.custom, params: { webhookName: sizes } }
    flow:
      - id: 2
        module: flow.router
        routes:
          - name: Big
            filter: { conditions: [[ { a: "{{1.n}}", op: "number:greater", b: 10 } ]] }
            flow: [{ id: 3, module: util.setVariable, map: { name: size, value: big } }]
          - filter: { conditions: [[ { a: "{{1.n}}", op: "number:greater", b: 5 } ]] }
            flow: [{ id: 4, module: util.setVariable, map: { name: size, value: medium } }]
          - name: Small
            fallback: true
            flow: [{ id: 5, module: util.setVariable, map: { name: size, value: small } }]
    """

  func load(scenario: String, tests: String) throws -> Result<ScenarioTestLoader.Loaded, ScenarioTestLoader.Problem> {
    let folder = try Fixture.temporaryDirectory("scenario-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    try scenario.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent("s.test.yaml").path
    try tests.write(toFile: path, atomically: true, encoding: .utf8)
    return ScenarioTestLoader.load(path)
  }

  @Test func routesTakenAreExpectedByNameOrPosition() async throws {
    let loaded = try load(
      scenario: Self.router,
      tests: """
        tests:
          - name: eleven takes both filtered routes
            trigger: { n: 11 }
            expect: { modules: { 2: { routes: [Big, "2"] } } }
          - name: one takes the fallback
            trigger: { n: 1 }
            expect: { modules: { 2: { routes: [Small] } } }
          - name: seven is expected wrongly
            trigger: { n: 7 }
            expect: { modules: { 2: { routes: [Big] } } }
        """
    ).get()
    let results = await ScenarioTestRunner().run(loaded.file, scenario: loaded.scenario)
    #expect(results.map(\.passed) == [true, true, false])
    let failure = try #require(results.last?.failures.first)
    #expect(failure.message == "router 2's routes taken")
    #expect(failure.expected == "'Big'")
    #expect(failure.actual == "'2'")
  }

  @Test func routesOfAModuleThatIsNoRouterOrUnknownAreRefused() throws {
    let result = try load(
      scenario: Self.router,
      tests: """
        tests:
          - name: x
            expect: { modules: { 2: { routes: [Bigg] }, 3: { routes: [Big] } } }
        """)
    guard case .failure(let problem) = result else {
      Issue.record("the test file loaded")
      return
    }
    #expect(
      problem.diagnostics.map(\.message) == [
        "router 2 has no route 'Bigg'", "module 3 (util.setVariable) is not a router, so it takes no routes",
      ])
    #expect(problem.diagnostics.first?.fixHint == "Did you mean 'Big'?")
  }

  @Test func faultsAreInjectedIntoSonarsAnswers() async throws {
    let results = try await run(
      """
      tests:
        - name: one 503 is retried by the Sonar client and the message goes out
          trigger: { phone: "+13105551234", name: Ann }
          \(Self.world)
          faults: [{ status: 503, count: 1, path: /api/v1/messages }]
          expect:
            status: success
            messages: [{ text: Hi Ann }]
        - name: a 500 is not retried and fails the module
          trigger: { phone: "+13105551234", name: Ann }
          \(Self.world)
          faults: [{ status: 500, count: 1, path: /api/v1/messages }]
          expect:
            modules: { 2: { error: { type: ConnectionError, message: { contains: "500" } } } }
            messages: []
      """)
    for result in results {
      #expect(result.passed, "\(result.testCase.name): \(result.failures)")
    }
  }

  @Test func aFaultTheEmulatorWouldRefuseIsAnErrorInTheFile() throws {
    let output = ScenarioTestParser.parse(
      SourceFile(path: "t.test.yaml", text: "tests: [{ name: x, faults: [{ status: 418 }] }]"))
    #expect(
      output.diagnostics.first?.message
        == "the emulator does not take this fault: status must be one of 429, 500, 502, 503, 504")
    #expect(output.diagnostics.first?.location?.column == 29)
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
