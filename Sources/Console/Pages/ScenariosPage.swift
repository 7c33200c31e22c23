import Foundation
import History
import ScenarioModel

/// `/console/scenarios`: every scenario with its hooks' URLs, whether serve runs it (and why not),
/// Enable for a deactivated one, its last execution, its executions of the last 24 hours by
/// status, and what `sonarflow validate` says of its file.
struct ScenariosPage: Sendable {
  /// What the page shows of one scenario, gathered by the routes from the store.
  struct Facts: Sendable {
    var scenario: ConsoleScenario
    var state: ScenarioState?
    var last: ExecutionRecord?
    var counts: [ExecutionStatus: Int]
    var secrets: [String: String]
  }

  struct Hook: Sendable {
    var name: String
    var url: String?
  }

  struct Count: Sendable {
    var status: String
    var count: Int
    var href: String
  }

  struct Finding: Sendable {
    var severity: String
    var location: String
    var message: String
    var hint: String?
  }

  struct Row: Sendable {
    var name: String
    var anchor: String
    var file: String?
    var hooks: [Hook]
    var hasHooks: Bool
    var isActive: Bool
    var reason: String?
    var since: String?
    var lastHref: String?
    var lastText: String?
    var counts: [Count]
    var hasCounts: Bool
    var diagnostics: [Finding]
    var hasDiagnostics: Bool
  }

  var csrf: String
  var rows: [Row]
  var hasRows: Bool
  var notice: String?
  /// No scenario files known: the list is the database's, without files, hooks or diagnostics.
  var isFromDatabase: Bool
  var knowsFiles: Bool
  var hasPublicURL: Bool

  init(
    _ facts: [Facts], isFromDatabase: Bool, publicURL: String?, since: Date, notice: String?, csrf: String
  ) {
    self.csrf = csrf
    self.isFromDatabase = isFromDatabase
    knowsFiles = !isFromDatabase
    hasPublicURL = publicURL != nil
    self.notice = notice
    rows = facts.map { Self.row($0, publicURL: publicURL, since: since) }
    hasRows = !rows.isEmpty
  }

  private static func row(_ facts: Facts, publicURL: String?, since: Date) -> Row {
    let name = facts.scenario.name
    let hooks = facts.scenario.hooks.map { hook in
      Hook(
        name: hook,
        url: facts.secrets[hook].map { WebhookSecret.url(hook: hook, secret: $0, publicURL: publicURL) })
    }
    let from = PageText.time(since).replacingOccurrences(of: " ", with: "T")
    let counts = ExecutionStatus.allCases.compactMap { status -> Count? in
      guard let count = facts.counts[status], count > 0 else { return nil }
      return Count(
        status: status.rawValue, count: count,
        href: "/console/executions"
          + PageText.query([("scenario", name), ("status", status.rawValue), ("from", from)]))
    }
    let diagnostics = facts.scenario.diagnostics.map { diagnostic in
      Finding(
        severity: diagnostic.severity.rawValue,
        location: diagnostic.location.map { "\($0)" } ?? facts.scenario.file, message: diagnostic.message,
        hint: diagnostic.fixHint)
    }
    let isActive = facts.state?.isActive ?? true
    return Row(
      name: name, anchor: "scenario-" + PageText.urlComponent(name),
      file: facts.scenario.file.isEmpty ? nil : facts.scenario.file, hooks: hooks, hasHooks: !hooks.isEmpty,
      isActive: isActive, reason: isActive ? nil : facts.state?.deactivationReason ?? "deactivated",
      since: isActive ? nil : facts.state?.deactivatedAt.map(PageText.time),
      lastHref: facts.last.map { "/console/executions/" + PageText.urlComponent($0.id) },
      lastText: facts.last.map { "\($0.status.rawValue), \(PageText.time($0.startedAt))" }, counts: counts,
      hasCounts: !counts.isEmpty, diagnostics: diagnostics, hasDiagnostics: !diagnostics.isEmpty)
  }
}
