import Basics
import Foundation
import HTTPTypes
package import History
package import Hummingbird
import NIOCore

/// The web console's routes under `/console/`, added to a Hummingbird router: `sonarflow serve`
/// adds them to its own when a console token is configured, `sonarflow console` serves them alone.
///
/// Every page needs a login (a signed session cookie, ``ConsoleSessions``); without one, pages
/// redirect to the login form and `/console/events` answers 401. Every POST other than the login
/// itself carries the session's CSRF token. Every response has the headers of ``ConsoleHeaders``.
package struct ConsoleRoutes: Sendable {
  let history: any ServeStore
  private let sessions: ConsoleSessions
  let templates: ConsoleTemplates
  /// Where the scenarios page gets its scenarios (``ConsoleScenarios``).
  let scenarios: ConsoleScenarios
  /// How often `/console/events` reads the store for changes.
  private let pollInterval: Duration

  package init(
    history: any ServeStore, token: String, scenarios: ConsoleScenarios = ConsoleScenarios(),
    pollInterval: Duration = .seconds(1)
  ) throws {
    self.history = history
    sessions = ConsoleSessions(token: token)
    templates = try ConsoleTemplates()
    self.scenarios = scenarios
    self.pollInterval = pollInterval
  }

  package func add<Context: RequestContext>(to router: Router<Context>) {
    let console = router.group("console").add(middleware: ConsoleHeaders<Context>())
    console.get { request, _ in
      ConsoleResponse.redirect(session(request) == nil ? "/console/login" : "/console/executions")
    }
    console.get("login") { request, _ in
      session(request) == nil
        ? ConsoleResponse.html(.ok, templates.render(LoginModel(problem: nil), "login"))
        : ConsoleResponse.redirect("/console/executions")
    }
    console.post("login") { request, _ in try await logIn(request) }
    console.post("logout") { request, _ in
      try await withForm(request) { _, _ in
        var response = ConsoleResponse.redirect("/console/login")
        response.setCookie(cookie("gone", maxAge: 0, request: request))
        return response
      }
    }
    console.get("executions") { request, _ in
      try await withPage(request) { session in try await executionsPage(request, session: session) }
    }
    console.get("executions/:id") { request, context in
      let id = context.parameters.get("id") ?? ""
      return try await withPage(request) { session in
        guard let execution = try await history.execution(id: id) else {
          throw HTTPError(.notFound, message: "no execution has this id")
        }
        return ConsoleResponse.html(
          .ok, templates.render(ExecutionPage(execution, csrf: session.csrfToken), "execution"))
      }
    }
    console.get("compare") { request, _ in
      try await withPage(request) { session in try await comparePage(request, session: session) }
    }
    addIncomplete(to: console)
    addScenarios(to: console)
    console.get("events") { request, _ in
      guard session(request) != nil else { return ConsoleResponse.text(.unauthorized, "log in first") }
      return events()
    }
    console.get("assets/console.css") { _, _ in
      ConsoleResponse.asset(ConsoleStylesheet.text, type: "text/css; charset=utf-8")
    }
    console.get("assets/console.js") { _, _ in
      ConsoleResponse.asset(ConsoleScript.text, type: "text/javascript; charset=utf-8")
    }
  }

  // MARK: - Pages

  private func executionsPage(_ request: Request, session: ConsoleSessions.Session) async throws -> Response {
    let filter = ExecutionFilter(query: FormBody(request.uri.query ?? ""))
    guard filter.problems.isEmpty else {
      return ConsoleResponse.html(
        .badRequest,
        templates.render(ExecutionListPage(filter: filter, executions: [], csrf: session.csrfToken), "executions"))
    }
    let executions = try await history.executions(matching: filter.historyQuery)
    return ConsoleResponse.html(
      .ok,
      templates.render(ExecutionListPage(filter: filter, executions: executions, csrf: session.csrfToken), "executions")
    )
  }

  private func comparePage(_ request: Request, session: ConsoleSessions.Session) async throws -> Response {
    let query = FormBody(request.uri.query ?? "")
    var ids = [query["a"], query["b"]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let picked = query.values("id")
    var problems: [String] = []
    if !picked.isEmpty {
      if picked.count == 2 { ids = picked } else { problems.append("pick exactly two executions to compare") }
    }
    var records: [ExecutionRecord?] = [nil, nil]
    if ids.count == 2 {
      for (index, id) in ids.enumerated() {
        records[index] = try await history.execution(id: id)
        if records[index] == nil { problems.append("no execution has the id '\(id)'") }
      }
    }
    let page = ComparePage(
      a: ids.first ?? "", b: ids.count > 1 ? ids[1] : "", before: records[0], after: records[1], problems: problems,
      csrf: session.csrfToken)
    return ConsoleResponse.html(problems.isEmpty ? .ok : .badRequest, templates.render(page, "compare"))
  }

  private func logIn(_ request: Request) async throws -> Response {
    let form = FormBody(try await bodyText(request))
    guard let token = form["token"], sessions.isToken(token) else {
      return ConsoleResponse.html(
        .unauthorized, templates.render(LoginModel(problem: "That is not the console token."), "login"))
    }
    let issued = sessions.issue()
    var response = ConsoleResponse.redirect("/console/executions")
    response.setCookie(cookie(issued.cookie, maxAge: Int(sessions.lifetime), request: request))
    return response
  }

  /// Server-sent events: one `execution` event per new or changed execution (``ExecutionChanges``).
  private func events() -> Response {
    let history = self.history
    let interval = pollInterval
    let body = ResponseBody { writer in
      var changes = ExecutionChanges()
      var quiet = 0
      try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
      while !Task.isCancelled {
        let executions = try await history.executions(
          matching: HistoryQuery(limit: ExecutionChanges.window, includesReplays: true))
        let found = changes.changes(in: executions)
        var text = found.map(ExecutionChanges.event).joined()
        quiet = found.isEmpty ? quiet + 1 : 0
        // A comment now and then, so proxies keep the connection and a closed one is noticed.
        if quiet >= 15 {
          text += ": still here\n\n"
          quiet = 0
        }
        if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
        try await Task.sleep(for: interval)
      }
      try await writer.finish(nil)
    }
    return Response(
      status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
  }

  // MARK: - Sessions and forms

  private func session(_ request: Request) -> ConsoleSessions.Session? {
    request.cookies[ConsoleSessions.cookieName].flatMap { sessions.session(fromCookie: $0.value) }
  }

  /// A page: signed in, or redirected to the login form (showing nothing else).
  func withPage(
    _ request: Request, _ body: (ConsoleSessions.Session) async throws -> Response
  ) async throws -> Response {
    guard let session = session(request) else { return ConsoleResponse.redirect("/console/login") }
    return try await body(session)
  }

  /// A state-changing request: signed in and carrying the session's CSRF token, or 403.
  func withForm(
    _ request: Request, _ body: (ConsoleSessions.Session, FormBody) async throws -> Response
  ) async throws -> Response {
    let form = FormBody(try await bodyText(request))
    guard let session = session(request), sessions.isCSRFToken(form["csrf"], of: session) else {
      return ConsoleResponse.text(.forbidden, "refused: the form's CSRF token is missing or wrong")
    }
    return try await body(session, form)
  }

  private func bodyText(_ request: Request) async throws -> String {
    let buffer = try await request.body.collect(upTo: 1 << 20)
    return String(buffer: buffer)
  }

  /// The session cookie: HttpOnly, SameSite=Strict, scoped to `/console`, and Secure when the
  /// request came over HTTPS (directly or, behind a proxy, as `X-Forwarded-Proto: https` says).
  private func cookie(_ value: String, maxAge: Int, request: Request) -> Cookie {
    Cookie(
      name: ConsoleSessions.cookieName, value: value, maxAge: maxAge, path: "/console",
      secure: Self.isHTTPS(request), httpOnly: true, sameSite: .strict)
  }

  static func isHTTPS(_ request: Request) -> Bool {
    if request.uri.scheme == .https { return true }
    guard let name = HTTPField.Name("X-Forwarded-Proto"), let proto = request.headers[name] else { return false }
    return proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
  }
}

/// The login page's one value.
private struct LoginModel {
  var problem: String?
}
