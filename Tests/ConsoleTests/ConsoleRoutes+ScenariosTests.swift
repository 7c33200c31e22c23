import Foundation
import History
import ScenarioModel
import SonarflowTesting
import Testing

@testable import Console

/// `/console/scenarios` over real HTTP on a real SQLite history: hooks' URLs with their secrets,
/// state with Enable, last execution, counts of the last 24 hours, diagnostics; and what it shows
/// when only the database is known.
@Suite struct ConsoleScenariosTests {
  private static let warning = Diagnostic(
    id: "expression.unknownField", severity: .warning,
    location: SourceLocation(file: "flows/orders.yaml", line: 9, column: 14),
    message: "module 1 ('webhook.custom') does not output 'phone'", fixHint: "Did you mean '1.phone_number'?")

  private static let served = ConsoleScenarios(publicURL: "https://flows.example.com") {
    [
      ConsoleScenario(name: "Orders", file: "flows/orders.yaml", hooks: ["orders"], diagnostics: [warning]),
      ConsoleScenario(name: "Nightly report", file: "flows/nightly.yaml"),
    ]
  }

  @Test func eachScenarioShowsItsHookStateLastExecutionCountsAndDiagnostics() async throws {
    try await ConsoleHarness.withConsole(scenarios: Self.served) { console in
      let secret = try #require(try await console.store.webhookSecrets(creatingFor: ["orders"])["orders"])
      try await console.store.registerScenarios(["Orders", "Nightly report"])
      _ = try await console.store.setScenario(
        "Orders", active: false, reason: "deactivated after 1 error in a row", at: Date())
      let now = Date()
      var records: [ExecutionRecord] = []
      for (index, status) in [ExecutionStatus.success, .success, .error, .incomplete].enumerated() {
        var record = ConsoleRecords.plain(id: "orders-\(index)", scenario: "Orders", status: status, minute: 0)
        record.startedAt = now.addingTimeInterval(Double(-3_600 + index))
        records.append(record)
      }
      var old = ConsoleRecords.plain(id: "orders-old", scenario: "Orders", status: .error, minute: 0)
      old.startedAt = now.addingTimeInterval(-3 * 86_400)
      records.append(old)
      try await console.store.finish(all: records)

      let cookie = try #require(try await console.logIn())
      let page = try await console.get("/console/scenarios", cookie: cookie)
      #expect(page.status == 200)
      #expect(page.body.contains("https://flows.example.com/hooks/orders/\(secret)"))
      #expect(page.body.contains("deactivated after 1 error in a row"))
      #expect(page.body.contains(#"<a class="last" href="/console/executions/orders-3">incomplete, "#))
      #expect(page.body.contains(#"data-status="success" href="#))
      #expect(page.body.contains(#"<span class="status">success</span> 2</a>"#))
      #expect(page.body.contains(#"<span class="status">error</span> 1</a>"#))
      #expect(page.body.contains("<code>flows/orders.yaml:9:14</code>: <span class=\"severity\">warning</span>"))
      #expect(page.body.contains("module 1 (&#39;webhook.custom&#39;) does not output &#39;phone&#39;"))
      #expect(page.body.contains(#"id="scenario-Nightly%20report""#))
      #expect(
        page.body.components(separatedBy: "<form method=\"post\" action=\"/console/scenarios/enable\"").count == 2)

      let csrf = try #require(try await console.csrfToken(cookie: cookie, path: "/console/scenarios"))
      let enabled = try await console.post(
        "/console/scenarios/enable", form: "csrf=\(csrf)&name=Orders", cookie: cookie)
      #expect(enabled.status == 303)
      #expect(try await console.store.scenarioStates().first { $0.name == "Orders" }?.isActive == true)
      let after = try await console.get(try #require(enabled.header("Location")), cookie: cookie)
      #expect(after.body.contains("Scenario Orders is enabled"))
      #expect(!after.body.contains("action=\"/console/scenarios/enable\""))
      let unknown = try await console.post(
        "/console/scenarios/enable", form: "csrf=\(csrf)&name=Nobody", cookie: cookie)
      #expect(unknown.status == 404)
    }
  }

  @Test func withoutScenarioFilesItListsTheDatabasesScenariosAndSaysSo() async throws {
    try await ConsoleHarness.withConsole { console in
      try await console.store.registerScenarios(["Known by state"])
      try await console.store.finish(
        ConsoleRecords.plain(id: "w", scenario: "Known by execution", status: .success, minute: 0))
      let cookie = try #require(try await console.logIn())
      let page = try await console.get("/console/scenarios", cookie: cookie)
      #expect(page.body.contains(#"id="from-database""#))
      #expect(page.body.contains("<h2>Known by state</h2>") && page.body.contains("<h2>Known by execution</h2>"))
      #expect(!page.body.contains("class=\"hooks\""))
    }
  }
}
