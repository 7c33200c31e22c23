import Foundation
import History
import SonarflowTesting
import Testing

@testable import Console

/// `/console/incomplete` over real HTTP on a real SQLite history: the retry state, Resume (the
/// execution made due now for the runners' claims), Delete (incomplete ones only), the bulk
/// actions' count and confirmation, CSRF and login.
@Suite struct ConsoleIncompleteTests {
  private static let now = Date()

  private func seed(_ console: ConsoleHarness) async throws {
    try await console.store.finish(
      all: [
        ConsoleRecords.incomplete(
          id: "waiting", minute: 3,
          retry: RetrySchedule(
            attempts: 2, limit: 3, intervalMilliseconds: 60_000, nextAttemptAt: Self.now.addingTimeInterval(600))),
        ConsoleRecords.incomplete(
          id: "used-up", minute: 2,
          retry: RetrySchedule(attempts: 3, limit: 3, intervalMilliseconds: nil, nextAttemptAt: nil)),
        ConsoleRecords.incomplete(id: "by-hand", minute: 1),
        ConsoleRecords.incomplete(id: "elsewhere", scenario: "Welcome", minute: 0),
        ConsoleRecords.plain(id: "fine", scenario: "Order status", status: .success, minute: 4),
      ])
  }

  private func form(_ csrf: String, _ fields: [(String, String)] = []) -> String {
    ([("csrf", csrf)] + fields).map { "\($0)=\(PageText.urlComponent($1))" }.joined(separator: "&")
  }

  @Test func theListShowsEachRetryStateAndWhereItStopped() async throws {
    try await ConsoleHarness.withConsole { console in
      try await seed(console)
      let cookie = try #require(try await console.logIn())
      let page = try await console.get("/console/incomplete?scenario=order+status", cookie: cookie)
      #expect(page.status == 200)
      #expect(page.body.components(separatedBy: "<tr class=\"status-incomplete\"").count - 1 == 3)
      #expect(!page.body.contains("data-id=\"elsewhere\"") && !page.body.contains("data-id=\"fine\""))
      #expect(page.body.contains("2 of 3 automatic attempts made"))
      #expect(page.body.contains("next automatic attempt \(PageText.time(Self.now.addingTimeInterval(600)))"))
      #expect(page.body.contains("no automatic attempt left"))
      #expect(page.body.contains("no automatic attempts (resume it by hand)"))
      #expect(page.body.contains("module 2") && page.body.contains("flows/order.yaml:11:5"))
      #expect(page.body.contains("the shop did not answer"))
    }
  }

  @Test func resumeMakesTheExecutionDueNowForTheRunnersEvenWithNoAttemptLeft() async throws {
    try await ConsoleHarness.withConsole { console in
      try await seed(console)
      let cookie = try #require(try await console.logIn())
      let csrf = try #require(try await console.csrfToken(cookie: cookie, path: "/console/incomplete"))
      let before = Date()
      let answer = try await console.post("/console/incomplete/used-up/resume", form: form(csrf), cookie: cookie)
      #expect(answer.status == 303)
      #expect(answer.header("Location") == "/console/incomplete?done=resumed&count=1&id=used-up&of=Order%20status")
      let stored = try #require(try await console.store.execution(id: "used-up"))
      #expect(stored.resumeRequestedAt.map { $0 >= before.addingTimeInterval(-0.001) } == true)
      #expect(stored.retry?.attempts == 3)
      let notice = try await console.get(try #require(answer.header("Location")), cookie: cookie)
      #expect(
        notice.body.contains(
          "Execution used-up is queued: a runner serving scenario Order status runs it now. Its page shows the outcome once it is resolved."
        ))
      #expect(notice.body.contains("queued: a runner serving scenario Order status runs it now"))
      // A runner serving the scenario claims it at once; the others are not due.
      let claimed = try await console.store.claimDueRetries(
        scenarios: ["Order status"], now: Date(), lease: .seconds(60), limit: 10)
      #expect(claimed.map(\.id) == ["used-up"])
      // While a runner holds it, it cannot be asked for again: it would run twice.
      let held = try await console.post("/console/incomplete/used-up/resume", form: form(csrf), cookie: cookie)
      #expect(held.header("Location") == "/console/incomplete?done=resumed&count=0&of=Order%20status")
      let unknown = try await console.post("/console/incomplete/no-such-id/resume", form: form(csrf), cookie: cookie)
      #expect(unknown.status == 404)
      #expect(unknown.body == "no execution has this id")
    }
  }

  @Test func deleteRemovesAnIncompleteExecutionAndRefusesASuccess() async throws {
    try await ConsoleHarness.withConsole { console in
      try await seed(console)
      let cookie = try #require(try await console.logIn())
      let csrf = try #require(try await console.csrfToken(cookie: cookie, path: "/console/incomplete"))
      let refused = try await console.post("/console/incomplete/fine/delete", form: form(csrf), cookie: cookie)
      #expect(refused.status == 409)
      #expect(refused.body.contains("this execution is success, not incomplete"))
      #expect(try await console.store.execution(id: "fine") != nil)
      let deleted = try await console.post("/console/incomplete/by-hand/delete", form: form(csrf), cookie: cookie)
      #expect(deleted.status == 303)
      #expect(try await console.store.execution(id: "by-hand") == nil)
      #expect(
        try await console.post("/console/incomplete/nobody/delete", form: form(csrf), cookie: cookie).status == 404)
    }
  }

  @Test func bulkResumeShowsTheCountAndActsOnlyOnTheConfirmedCount() async throws {
    try await ConsoleHarness.withConsole { console in
      try await seed(console)
      let cookie = try #require(try await console.logIn())
      let confirm = try await console.get(
        "/console/incomplete/confirm?action=resume&scenario=Order+status", cookie: cookie)
      #expect(confirm.status == 200)
      #expect(confirm.body.contains("Resume 3 incomplete executions of scenario Order status?"))
      #expect(confirm.body.contains(#"name="expected" value="3""#))
      let requested = { (id: String) async throws -> Bool in
        try await console.store.execution(id: id)?.resumeRequestedAt != nil
      }
      // Showing the count changed nothing.
      for id in ["waiting", "used-up", "by-hand", "elsewhere"] { #expect(try await !requested(id), "\(id)") }
      let csrf = try #require(try await console.csrfToken(cookie: cookie, path: "/console/incomplete"))
      let fields = [("action", "resume"), ("scenario", "Order status")]
      let stale = try await console.post(
        "/console/incomplete/bulk", form: form(csrf, fields + [("expected", "2")]), cookie: cookie)
      #expect(stale.status == 409)
      #expect(stale.body.contains("Resume 3 incomplete executions of scenario Order status?"))
      for id in ["waiting", "used-up", "by-hand"] { #expect(try await !requested(id), "\(id)") }
      let unconfirmed = try await console.post("/console/incomplete/bulk", form: form(csrf, fields), cookie: cookie)
      #expect(unconfirmed.status == 400)
      let done = try await console.post(
        "/console/incomplete/bulk", form: form(csrf, fields + [("expected", "3")]), cookie: cookie)
      #expect(done.status == 303)
      #expect(
        done.header("Location") == "/console/incomplete?scenario=Order%20status&done=resumed&count=3&of=Order%20status")
      for id in ["waiting", "used-up", "by-hand"] { #expect(try await requested(id), "\(id)") }
      #expect(try await !requested("elsewhere"))
      #expect(try await console.store.execution(id: "waiting")?.retry?.attempts == 2)
    }
  }

  @Test func bulkDeleteDeletesTheFilteredSet() async throws {
    try await ConsoleHarness.withConsole { console in
      try await seed(console)
      let cookie = try #require(try await console.logIn())
      let confirm = try await console.get("/console/incomplete/confirm?action=delete&scenario=Welcome", cookie: cookie)
      #expect(confirm.body.contains("Delete 1 incomplete execution of scenario Welcome?"))
      let csrf = try #require(try await console.csrfToken(cookie: cookie, path: "/console/incomplete"))
      let done = try await console.post(
        "/console/incomplete/bulk",
        form: form(csrf, [("action", "delete"), ("scenario", "Welcome"), ("expected", "1")]), cookie: cookie)
      #expect(done.status == 303)
      #expect(try await console.store.execution(id: "elsewhere") == nil)
      #expect(try await console.store.execution(id: "waiting") != nil)
    }
  }

  @Test func everyActionWithoutTheCSRFTokenIsRefused() async throws {
    try await ConsoleHarness.withConsole { console in
      try await seed(console)
      try await console.store.registerScenarios(["Order status"])
      _ = try await console.store.setScenario("Order status", active: false, reason: "3 errors in a row", at: Date())
      let cookie = try #require(try await console.logIn())
      for (path, fields) in [
        ("/console/incomplete/used-up/resume", ""), ("/console/incomplete/by-hand/delete", ""),
        ("/console/incomplete/bulk", "action=resume&scenario=Order+status&expected=3"),
        ("/console/scenarios/enable", "name=Order+status"),
      ] {
        let answer = try await console.post(path, form: fields, cookie: cookie)
        #expect(answer.status == 403, "\(path)")
        let forged = try await console.post(path, form: fields + "&csrf=0000", cookie: cookie)
        #expect(forged.status == 403, "\(path)")
      }
      #expect(try await console.store.execution(id: "used-up")?.resumeRequestedAt == nil)
      #expect(try await console.store.execution(id: "by-hand") != nil)
      #expect(try await console.store.scenarioStates().first?.isActive == false)
    }
  }

  @Test func withoutASessionThereIsNoData() async throws {
    try await ConsoleHarness.withConsole { console in
      try await seed(console)
      for path in [
        "/console/incomplete", "/console/incomplete?scenario=Order+status",
        "/console/incomplete/confirm?action=resume", "/console/scenarios",
      ] {
        let answer = try await console.get(path)
        #expect(answer.status == 303, "\(path)")
        #expect(answer.header("Location") == "/console/login", "\(path)")
        #expect(!answer.body.contains("Order status") && !answer.body.contains("used-up"), "\(path)")
      }
      #expect(try await console.post("/console/incomplete/used-up/resume", form: "").status == 403)
    }
  }
}
