import Foundation
import ScenarioModel
import SonarflowTesting
import Testing

@testable import ScenarioTesting

/// `http:` in a case: `http.request` and `http.watch` answered in process, nothing sent out.
@Suite struct HTTPStubTests {
  static let scenario = """
    name: fetch
    trigger: { module: webhook.custom, params: { webhookName: fetch } }
    flow:
      - id: 2
        module: http.request
        map: { url: "https://shop.example.com/api/orders/{{1.order}}", method: GET }
      - id: 3
        module: util.setVariable
        map: { name: total, value: "{{2.data.total}}" }
    """

  func run(_ tests: String, scenario: String = Self.scenario) async throws -> [CaseResult] {
    let loaded = try ScenarioTestRunnerTests().load(scenario: scenario, tests: tests).get()
    return await ScenarioTestRunner().run(loaded.file, scenario: loaded.scenario)
  }

  @Test func aRequestIsAnsweredByTheStubOfItsURL() async throws {
    let results = try await run(
      """
      tests:
        - name: exact
          trigger: { order: 7 }
          http:
            - { method: POST, url: "https://shop.example.com/api/orders/7", body: { total: 1 } }
            - { url: "https://shop.example.com/api/orders/7", status: 200, headers: { x-a: b }, body: { total: 40 } }
          expect:
            modules:
              2: { output: { statusCode: 200, headers: { x-a: b }, data: { total: 40 } } }
              3: { output: { total: 40 } }
        - name: by pattern
          trigger: { order: 8 }
          http: [{ method: get, url: { matches: "/orders/[0-9]+$" }, body: '{"total": 8}' }]
          expect: { modules: { 3: { output: { total: 8 } } } }
      """)
    for result in results { #expect(result.passed, "\(result.testCase.name): \(result.failures)") }
    #expect(results.count == 2)
  }

  @Test func anUnansweredRequestFailsTheCaseNamingTheURL() async throws {
    let results = try await run(
      """
      tests:
        - name: no stub
          trigger: { order: 9 }
          http: [{ url: "https://shop.example.com/api/orders/7", body: {} }]
      """)
    let failures = try #require(results.first).failures
    #expect(failures.map(\.message) == ["no HTTP stub answers GET https://shop.example.com/api/orders/9"])
    #expect(failures.first?.location.line == 2)
  }

  @Test func anHTTPWatchTriggerPollsItsStubWhenTheCaseGivesNoTrigger() async throws {
    let results = try await run(
      """
      tests:
        - name: polled
          http: [{ url: "https://shop.example.com/feed.json", body: { items: [{ id: 1 }, { id: 2 }, { id: 3 }] } }]
          expect: { modules: { 2: { called: 2 } } }
      """,
      scenario: """
        name: watch
        trigger:
          module: http.watch
          params: { url: "https://shop.example.com/feed.json", itemsPath: items, idPath: id, limit: 2 }
          schedule: { cron: "*/5 * * * *" }
        flow:
          - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.id}}" } }
        """)
    #expect(try #require(results.first).passed, "\(results.first?.failures ?? [])")
  }

  @Test(arguments: [
    ("http: [{ status: 200 }]", "test.stubWithoutURL", 3, 12),
    ("http: [{ url: { contains: x } }]", "test.badStubURL", 3, 19),
    ("http: [{ url: { matches: \"(\" } }]", "test.badPattern", 3, 30),
    ("http: [{ url: x, method: FETCH }]", "test.badMethod", 3, 30),
    ("http: [{ url: x, status: 42 }]", "test.badStatusCode", 3, 30),
    ("http: [{ url: x, bodyy: 1 }]", "test.unknownKey", 3, 22),
    ("http: { url: x }", "test.notAList", 3, 11),
    ("timezone: Europe/Pariss", "test.unknownTimeZone", 3, 15),
  ])
  func aBadStubOrTimeZoneIsAnErrorWithItsPlace(line: String, id: String, row: Int, column: Int) throws {
    let output = ScenarioTestParser.parse(
      SourceFile(path: "t.test.yaml", text: "tests:\n  - name: x\n    \(line)\n"))
    let diagnostic = try #require(output.diagnostics.first, "no diagnostic for \(line)")
    #expect(diagnostic.id == id)
    #expect(diagnostic.location?.line == row)
    #expect(diagnostic.location?.column == column)
    if id == "test.unknownTimeZone" { #expect(diagnostic.fixHint == "Did you mean 'Europe/Paris'?") }
  }
}
