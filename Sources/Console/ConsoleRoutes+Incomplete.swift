import Foundation
import History
import Hummingbird

/// `/console/incomplete`: the incomplete executions, Resume and Delete of one, and of every one a
/// filter matches after a confirmation. Resuming marks the execution due now in the store
/// (``ServeStore/requestResume(ids:at:)``): the runners serving its scenario — this process or
/// others on the same database — run it within a second through their automatic attempts, which
/// claim it once; a console without an engine (`sonarflow console`) works the same.
extension ConsoleRoutes {
  func addIncomplete<Context: RequestContext>(to console: RouterGroup<Context>) {
    console.get("incomplete") { request, _ in
      try await withPage(request) { session in try await incompletePage(request, session: session) }
    }
    console.get("incomplete/confirm") { request, _ in
      try await withPage(request) { session in
        let query = FormBody(request.uri.query ?? "")
        guard let action = query["action"].flatMap(BulkConfirmPage.Action.init) else {
          throw HTTPError(.badRequest, message: "unknown action: expected resume or delete")
        }
        let filter = Self.incompleteFilter(query)
        let matching = filter.problems.isEmpty ? try await matchingIDs(filter).count : 0
        let page = BulkConfirmPage(
          action: action, filter: filter, matching: matching, problems: filter.problems, csrf: session.csrfToken)
        return ConsoleResponse.html(filter.problems.isEmpty ? .ok : .badRequest, templates.render(page, "confirm"))
      }
    }
    console.post("incomplete/bulk") { request, _ in
      try await withForm(request) { session, form in try await bulkAction(form, session: session) }
    }
    console.post("incomplete/:id/resume") { request, context in
      let id = context.parameters.get("id") ?? ""
      return try await withForm(request) { _, _ in
        let count = try await history.requestResume(ids: [id], at: Date())
        guard let record = try await history.execution(id: id) else {
          return ConsoleResponse.text(.notFound, "no execution has this id")
        }
        return ConsoleResponse.redirect(
          "/console/incomplete"
            + PageText.query([
              ("done", "resumed"), ("count", "\(count)"), ("id", count > 0 ? id : nil),
              ("of", record.scenarioName),
            ]))
      }
    }
    console.post("incomplete/:id/delete") { request, context in
      let id = context.parameters.get("id") ?? ""
      return try await withForm(request) { _, _ in
        let count = try await history.deleteIncomplete(ids: [id], at: Date())
        if count == 0 {
          guard let record = try await history.execution(id: id) else {
            return ConsoleResponse.text(.notFound, "no execution has this id")
          }
          return ConsoleResponse.text(
            .conflict,
            record.status == .incomplete
              ? "refused: a runner is making an attempt at this execution right now; try again once it is done"
              : "refused: this execution is \(record.status.rawValue), not incomplete; only incomplete executions are deleted here"
          )
        }
        return ConsoleResponse.redirect("/console/incomplete" + PageText.query([("done", "deleted"), ("count", "1")]))
      }
    }
  }

  private func incompletePage(_ request: Request, session: ConsoleSessions.Session) async throws -> Response {
    let query = FormBody(request.uri.query ?? "")
    let filter = Self.incompleteFilter(query)
    let executions = filter.problems.isEmpty ? try await history.executions(matching: filter.historyQuery) : []
    let page = IncompletePage(
      filter: filter, executions: executions, notice: IncompletePage.Notice(query: query), csrf: session.csrfToken)
    return ConsoleResponse.html(filter.problems.isEmpty ? .ok : .badRequest, templates.render(page, "incomplete"))
  }

  /// The confirmed POST of ``BulkConfirmPage``: acts only when the filter still matches the count
  /// the page showed; otherwise shows the page again with the new count.
  private func bulkAction(_ form: FormBody, session: ConsoleSessions.Session) async throws -> Response {
    guard let action = form["action"].flatMap(BulkConfirmPage.Action.init) else {
      return ConsoleResponse.text(.badRequest, "unknown action: expected resume or delete")
    }
    let filter = Self.incompleteFilter(form)
    guard filter.problems.isEmpty, let expected = form["expected"].flatMap(Int.init) else {
      return ConsoleResponse.text(.badRequest, "the confirmation is incomplete: open the confirmation page again")
    }
    let ids = try await matchingIDs(filter)
    guard min(ids.count, BulkConfirmPage.limit) == expected else {
      let page = BulkConfirmPage(
        action: action, filter: filter, matching: ids.count,
        problems: ["The executions that match changed since the count was shown: confirm the new count."],
        csrf: session.csrfToken)
      return ConsoleResponse.html(.conflict, templates.render(page, "confirm"))
    }
    let chosen = Array(ids.prefix(BulkConfirmPage.limit))
    let count: Int
    switch action {
    case .resume: count = try await history.requestResume(ids: chosen, at: Date())
    case .delete: count = try await history.deleteIncomplete(ids: chosen, at: Date())
    }
    return ConsoleResponse.redirect(
      IncompletePage.href(
        filter,
        [("done", action == .resume ? "resumed" : "deleted"), ("count", "\(count)"), ("of", filter.scenario)]))
  }

  /// The ids of the incomplete executions `filter` matches, newest first, one more than a
  /// confirmation acts on (to know there are more).
  private func matchingIDs(_ filter: ExecutionFilter) async throws -> [String] {
    var query = filter.historyQuery
    query.before = nil
    query.limit = BulkConfirmPage.limit + 1
    return try await history.executions(matching: query).map(\.id)
  }

  /// The executions list's filter on incomplete executions only, its links to this page.
  static func incompleteFilter(_ query: FormBody) -> ExecutionFilter {
    var filter = ExecutionFilter(query: query)
    filter.problems.removeAll { $0.hasPrefix("unknown status") }
    filter.status = .incomplete
    filter.path = "/console/incomplete"
    return filter
  }
}
