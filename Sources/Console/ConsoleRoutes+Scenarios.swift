import Foundation
import History
import Hummingbird

/// `/console/scenarios`: every scenario with its hooks' URLs, state, last execution, counts of
/// the last 24 hours and diagnostics; Enable sets a deactivated scenario active in the store,
/// where serve's runners read it within a second (`ScenarioStateWatcher`).
extension ConsoleRoutes {
  /// How far back the page counts executions.
  static let countedPeriod: TimeInterval = 86_400
  /// Without scenario files, the scenarios of this many newest executions are listed too.
  static let recentExecutions = 1_000

  func addScenarios<Context: RequestContext>(to console: RouterGroup<Context>) {
    console.get("scenarios") { request, _ in
      try await withPage(request) { session in
        let query = FormBody(request.uri.query ?? "")
        let notice = query["enabled"].map {
          "Scenario \($0) is enabled: runners serving it run it again within a second."
        }
        return ConsoleResponse.html(
          .ok, templates.render(try await scenariosPage(notice, session: session), "scenarios"))
      }
    }
    console.post("scenarios/enable") { request, _ in
      try await withForm(request) { _, form in
        let name = form["name"] ?? ""
        guard try await history.setScenario(name, active: true, reason: nil, at: Date()) != nil else {
          return ConsoleResponse.text(.notFound, "no scenario of this name is known to the database")
        }
        return ConsoleResponse.redirect("/console/scenarios" + PageText.query([("enabled", name)]))
      }
    }
  }

  private func scenariosPage(_ notice: String?, session: ConsoleSessions.Session) async throws -> ScenariosPage {
    let states = Dictionary(try await history.scenarioStates().map { ($0.name, $0) }) { first, _ in first }
    let listed: [ConsoleScenario]
    if let current = scenarios.current {
      listed = await current()
    } else {
      let recent = try await history.executions(
        matching: HistoryQuery(limit: Self.recentExecutions, includesReplays: false))
      let names = Set(states.keys).union(recent.map(\.scenarioName))
      listed = names.sorted { $0.lowercased() < $1.lowercased() }.map { ConsoleScenario(name: $0, file: "") }
    }
    let secrets = scenarios.current == nil ? [:] : try await history.webhookSecrets()
    let since = Date().addingTimeInterval(-Self.countedPeriod)
    var facts: [ScenariosPage.Facts] = []
    for scenario in listed {
      let last = try await history.executions(
        matching: HistoryQuery(scenarioName: scenario.name, limit: 1, includesReplays: false)
      ).first
      facts.append(
        ScenariosPage.Facts(
          scenario: scenario, state: states[scenario.name], last: last,
          counts: try await history.executionCounts(scenario: scenario.name, since: since), secrets: secrets))
    }
    return ScenariosPage(
      facts, isFromDatabase: scenarios.current == nil, publicURL: scenarios.publicURL, since: since, notice: notice,
      csrf: session.csrfToken)
  }
}
