import Foundation
import History
import SonarflowTesting
import Testing

@testable import Console

/// The console over real HTTP: headers on every answer, login and its cookie, nothing shown
/// without a session, CSRF on every POST, escaping, the list's filters and pages.
@Suite struct ConsoleRoutesTests {
  static let policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

  private func expectSecurityHeaders(_ answer: ConsoleHarness.Answer, _ path: String) {
    #expect(answer.header("Content-Security-Policy") == Self.policy, "\(path)")
    #expect(answer.header("X-Content-Type-Options") == "nosniff", "\(path)")
    #expect(answer.header("Referrer-Policy") == "no-referrer", "\(path)")
  }

  @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
    try await ConsoleHarness.withConsole { console in
      let cookie = try #require(try await console.logIn())
      for (path, cookie, status) in [
        ("/console/login", nil, 200), ("/console/executions", nil, 303), ("/console/events", nil, 401),
        ("/console/executions", cookie, 200), ("/console/executions/none", cookie, 404),
        ("/console/assets/console.js", nil, 200), ("/console/compare", cookie, 200),
      ] as [(String, String?, Int)] {
        let answer = try await console.get(path, cookie: cookie)
        #expect(answer.status == status, "\(path)")
        expectSecurityHeaders(answer, path)
      }
      let refused = try await console.post("/console/logout", form: "", cookie: cookie)
      #expect(refused.status == 403)
      expectSecurityHeaders(refused, "POST /console/logout")
      let wrong = try await console.post("/console/login", form: "token=nope")
      expectSecurityHeaders(wrong, "POST /console/login")
    }
  }

  @Test func withoutASessionPagesRedirectToLoginAndShowNoData() async throws {
    try await ConsoleHarness.withConsole { console in
      try await console.store.finish(
        ConsoleRecords.plain(id: "secret-execution", scenario: "Secret scenario", status: .error, minute: 0))
      for path in [
        "/console/", "/console/executions", "/console/executions/secret-execution",
        "/console/compare?a=secret-execution&b=secret-execution",
      ] {
        let answer = try await console.get(path)
        #expect(answer.status == 303, "\(path)")
        #expect(answer.header("Location") == "/console/login", "\(path)")
        #expect(!answer.body.contains("Secret scenario") && !answer.body.contains("secret-execution"), "\(path)")
      }
      let forged = try await console.get(
        "/console/executions", cookie: "\(ConsoleSessions.cookieName)=9999999999.00000000000000000000000000000000.abc")
      #expect(forged.status == 303)
      #expect(try await console.get("/console/events").status == 401)
    }
  }

  @Test func aWrongTokenIsRefused() async throws {
    try await ConsoleHarness.withConsole { console in
      let answer = try await console.post("/console/login", form: "token=\(ConsoleHarness.token)x")
      #expect(answer.status == 401)
      #expect(answer.header("Set-Cookie") == nil)
      #expect(answer.body.contains("That is not the console token."))
      #expect(try await console.logIn(token: "") == nil)
    }
  }

  @Test func theSessionCookieIsHttpOnlyStrictAndExpires() async throws {
    try await ConsoleHarness.withConsole { console in
      let plain = try await console.post("/console/login", form: "token=\(ConsoleHarness.token)")
      #expect(plain.status == 303)
      #expect(plain.header("Location") == "/console/executions")
      let cookie = try #require(plain.header("Set-Cookie"))
      let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
      #expect(attributes == ["Max-Age=43200", "Path=/console", "HttpOnly", "SameSite=Strict"], "\(cookie)")
      let behindProxy = try await console.post(
        "/console/login", form: "token=\(ConsoleHarness.token)", headers: [("X-Forwarded-Proto", "https")])
      let secure = try #require(behindProxy.header("Set-Cookie"))
      #expect(secure.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains("Secure"))
    }
  }

  @Test func aSessionOfAnotherTokenIsRefused() async throws {
    let cookie = try await ConsoleHarness.withConsole(token: "the-old-token") { console in
      try #require(try await console.logIn(token: "the-old-token"))
    }
    let status = try await ConsoleHarness.withConsole(token: "the-new-token") { console in
      try await console.get("/console/executions", cookie: cookie).status
    }
    #expect(status == 303)
  }

  @Test func postsWithoutTheSessionsCSRFTokenAreForbidden() async throws {
    try await ConsoleHarness.withConsole { console in
      let cookie = try #require(try await console.logIn())
      let other = try #require(try await console.logIn())
      let csrf = try #require(try await console.csrfToken(cookie: cookie))
      let othersCSRF = try #require(try await console.csrfToken(cookie: other))
      #expect(try await console.post("/console/logout", form: "", cookie: cookie).status == 403)
      #expect(try await console.post("/console/logout", form: "csrf=\(othersCSRF)", cookie: cookie).status == 403)
      #expect(try await console.post("/console/logout", form: "csrf=\(csrf)").status == 403)
      let logout = try await console.post("/console/logout", form: "csrf=\(csrf)", cookie: cookie)
      #expect(logout.status == 303)
      #expect(logout.header("Set-Cookie")?.contains("Max-Age=0") == true)
    }
  }

  @Test func bundlesNamesAndErrorsAreEscaped() async throws {
    try await ConsoleHarness.withConsole { console in
      let (path, hash) = try ConsoleRecords.orderScenario(in: console.folder)
      let hostile = #"<script>document.title='owned'</script><img src=x onerror="document.title='owned'">"#
      var record = ConsoleRecords.order(
        id: "hostile", scenarioFile: path, contentHash: hash, text: hostile, scenarioName: "<b>bold</b>")
      record.error?.message = hostile
      try await console.store.finish(record)
      let cookie = try #require(try await console.logIn())
      for page in ["/console/executions", "/console/executions/hostile"] {
        let body = try await console.get(page, cookie: cookie).body
        #expect(!body.contains("<script>document"), "\(page)")
        #expect(!body.contains("<img src=x"), "\(page)")
        #expect(!body.contains("<b>bold"), "\(page)")
        #expect(body.contains("&lt;b&gt;bold&lt;/b&gt;"), "\(page)")
      }
      let execution = try await console.get("/console/executions/hostile", cookie: cookie).body
      #expect(execution.contains("&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;"))
      // The execution's error through the template (every quote escaped), the operation's JSON
      // through HTMLText (a quote cannot leave a text node; `<` and `&` can, and are escaped).
      #expect(execution.contains(#"onerror=&quot;document.title=&#39;owned&#39;&quot;&gt;"#))
      #expect(execution.contains(#"&lt;img src=x onerror=\"document.title='owned'\"&gt;"#))
    }
  }

  @Test func theListFiltersAndPagesByCursor() async throws {
    try await ConsoleHarness.withConsole { console in
      // 60 executions one minute apart: even minutes Welcome (success), odd Close (error).
      for minute in 0..<60 {
        try await console.store.finish(
          ConsoleRecords.plain(
            id: String(format: "e%02d", minute), scenario: minute % 2 == 0 ? "Welcome" : "Close",
            status: minute % 2 == 0 ? .success : .error, minute: minute))
      }
      let cookie = try #require(try await console.logIn())
      func ids(_ body: String) -> [String] {
        body.components(separatedBy: "data-id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
      }
      let first = try await console.get("/console/executions", cookie: cookie).body
      #expect(ids(first) == (10..<60).reversed().map { String(format: "e%02d", $0) })
      let older = try #require(
        first.range(of: #"id="older" href=""#).map { String(first[$0.upperBound...].prefix { $0 != "\"" }) })
      let second = try await console.get(older.replacingOccurrences(of: "&amp;", with: "&"), cookie: cookie).body
      #expect(ids(second) == (0..<10).reversed().map { String(format: "e%02d", $0) })
      #expect(!second.contains(#"id="older""#))

      let close = try await console.get("/console/executions?scenario=close&status=error", cookie: cookie).body
      #expect(ids(close).count == 30 && ids(close).allSatisfy { (Int($0.dropFirst()) ?? 0) % 2 == 1 })
      // 2026-11-30T…: the epoch is 1_796_000_000 (2026-11-29T22:13:20Z); minutes 2 to 4.
      let from = ISO8601DateFormatter().string(from: ConsoleRecords.epoch.addingTimeInterval(120))
      let until = ISO8601DateFormatter().string(from: ConsoleRecords.epoch.addingTimeInterval(300))
      let range = try await console.get("/console/executions?from=\(from)&until=\(until)", cookie: cookie).body
      #expect(ids(range) == ["e04", "e03", "e02"])
      let bad = try await console.get("/console/executions?status=broken&from=yesterday", cookie: cookie)
      #expect(bad.status == 400)
      #expect(bad.body.contains("unknown status &#39;broken&#39;"))
      #expect(bad.body.contains("&#39;from&#39; is not a date"))
    }
  }

  @Test func theSearchFindsExecutionsByTextInsideTheirBundlesAndKeepsItInTheURL() async throws {
    try await ConsoleHarness.withConsole { console in
      let folder = try Fixture.temporaryDirectory("console-search")
      defer { try? FileManager.default.removeItem(at: folder) }
      let scenario = try ConsoleRecords.orderScenario(in: folder)
      for (id, text) in [("ann", "order 1234 for +13105551234"), ("bob", "order 5678 for +13105559999")] {
        try await console.store.finish(
          ConsoleRecords.order(
            id: id, scenarioFile: scenario.path, contentHash: scenario.hash, text: text))
      }
      let cookie = try #require(try await console.logIn())
      func ids(_ body: String) -> [String] {
        body.components(separatedBy: "data-id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
      }
      #expect(ids(try await console.get("/console/executions", cookie: cookie).body).sorted() == ["ann", "bob"])
      let phone = try await console.get("/console/executions?q=%2B13105551234", cookie: cookie).body
      #expect(ids(phone) == ["ann"])
      #expect(phone.contains(#"name="q" value="+13105551234""#), "the form shows the search back")
      #expect(ids(try await console.get("/console/executions?q=5678", cookie: cookie).body) == ["bob"])
      #expect(ids(try await console.get("/console/executions?q=nobody", cookie: cookie).body).isEmpty)
      let both = try await console.get("/console/executions?q=order&scenario=order%20status", cookie: cookie).body
      #expect(ids(both).sorted() == ["ann", "bob"])
    }
  }

  @Test func incompleteExecutionsShowTheirRetryState() async throws {
    try await ConsoleHarness.withConsole { console in
      var incomplete = ConsoleRecords.plain(id: "stopped", scenario: "Welcome", status: .incomplete, minute: 0)
      incomplete.retry = RetrySchedule(
        attempts: 1, limit: 3, intervalMilliseconds: 900_000,
        nextAttemptAt: ConsoleRecords.epoch.addingTimeInterval(900))
      try await console.store.finish(incomplete)
      try await console.store.finish(ConsoleRecords.plain(id: "fine", scenario: "Welcome", status: .success, minute: 1))
      let cookie = try #require(try await console.logIn())
      let page = try await console.get("/console/executions?status=incomplete", cookie: cookie).body
      #expect(page.contains(#"data-id="stopped""#) && !page.contains(#"data-id="fine""#))
      #expect(page.contains("attempts 1/3, next \(PageText.time(ConsoleRecords.epoch.addingTimeInterval(900)))"))
    }
  }

  @Test func theExecutionPageDrawsTheScenarioAndEachOperation() async throws {
    try await ConsoleHarness.withConsole { console in
      let (path, hash) = try ConsoleRecords.orderScenario(in: console.folder)
      try await console.store.finish(ConsoleRecords.order(id: "drawn", scenarioFile: path, contentHash: hash))
      try await console.store.finish(
        ConsoleRecords.order(id: "changed", scenarioFile: path, contentHash: String(repeating: "0", count: 64)))
      let cookie = try #require(try await console.logIn())
      let page = try await console.get("/console/executions/drawn", cookie: cookie).body
      for module in 1...6 { #expect(page.contains("data-module=\"\(module)\""), "module \(module)") }
      #expect(page.contains(">Found</text>") && page.contains(">Unknown order</text>"))
      #expect(page.contains(#"id="module-2""#) && page.contains(#"id="module-6""#))
      #expect(page.contains("at \(path):11:5"))
      #expect(page.contains("https://shop.example.com/api/orders/1234"))
      #expect(!page.contains(#"id="diagram-note""#))
      // Module 6's operation succeeded: none of the execution's error shows in it.
      let second = try #require(page.range(of: #"data-sequence="2""#))
      let operation = page[second.upperBound...].prefix { $0 != "/" }
      #expect(!operation.contains("ConnectionError"), "\(operation)")
      let changed = try await console.get("/console/executions/changed", cookie: cookie).body
      #expect(changed.contains(#"id="diagram-note""#))
      #expect(changed.contains("has changed since this execution"))
    }
  }

  @Test func compareShowsTheStepsThatDiffer() async throws {
    try await ConsoleHarness.withConsole { console in
      let (path, hash) = try ConsoleRecords.orderScenario(in: console.folder)
      try await console.store.finish(ConsoleRecords.order(id: "one", scenarioFile: path, contentHash: hash))
      try await console.store.finish(
        ConsoleRecords.order(id: "two", scenarioFile: path, contentHash: hash, text: "order 99"))
      let cookie = try #require(try await console.logIn())
      let page = try await console.get("/console/compare?id=one&id=two", cookie: cookie)
      #expect(page.status == 200)
      #expect(page.body.contains("Module 6 · sonar.sendMessage"))
      #expect(page.body.contains("order 99"))
      #expect(!page.body.contains(" at </h4>"))
      let same = try await console.get("/console/compare?a=one&b=one", cookie: cookie).body
      #expect(same.contains(#"id="no-differences""#))
      let missing = try await console.get("/console/compare?a=one&b=nope", cookie: cookie)
      #expect(missing.status == 400)
      #expect(missing.body.contains("no execution has the id &#39;nope&#39;"))
    }
  }
}
