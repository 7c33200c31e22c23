import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Testing

/// The console's actions in a real Chromium against a real `sonarflow serve`: Resume and bulk
/// resume of incomplete executions whose cause was fixed (they become successes, run by serve),
/// Delete, the scenarios page and its Enable.
extension ConsoleBrowserTests {
  /// Serve with the breaking scenario (one automatic attempt, a second later), `count` webhooks
  /// sent, and their incomplete executions waited for until that attempt is used up; then the
  /// endpoint is healed.
  private func withUsedUpIncompletes(
    _ count: Int, _ body: @Sendable (WebDriver, ServedConsole, [ExecutionRecord]) async throws -> Void
  ) async throws {
    let endpoint = FlakyEndpoint()
    try await endpoint.serve { url in
      let folder = try ServedConsole.folder()
      try Data(FlakyEndpoint.breakingScenario(url: url, attempts: 1).utf8).write(
        to: folder.appendingPathComponent("scenarios/retried.yaml"))
      try await ServedConsole.run(in: folder) { serve in
        for n in 0..<count { #expect(try await serve.post(hook: "retried", body: #"{"n": \#(n)}"#) == 200) }
        let stopped = try await serve.waitForExecutions { records in
          let incomplete = records.filter { $0.status == .incomplete }
          return incomplete.count == count && incomplete.allSatisfy { $0.retry?.attempts == 1 }
        }
        let incomplete = stopped.filter { $0.status == .incomplete }
        #expect(incomplete.allSatisfy { $0.retry?.nextAttemptAt == nil })
        endpoint.heal()
        let browser = try await WebDriver(windowWidth: 1280, windowHeight: 1000)
        do {
          try await logIn(browser, url: serve.url)
          try await body(browser, serve, incomplete)
        } catch {
          await browser.quit()
          throw error
        }
        await browser.quit()
      }
    }
  }

  @Test(.timeLimit(.minutes(3))) func resumeRunsAnIncompleteExecutionWithNoAttemptLeftToSuccess() async throws {
    try await withUsedUpIncompletes(1) { browser, serve, incomplete in
      let id = try #require(incomplete.first?.id)
      try await browser.open(serve.url + "/console/incomplete")
      let row = "tr[data-id='\(id)']"
      #expect(try await browser.text("\(row) td.next") == "no automatic attempt left")
      #expect(try await browser.text(row).contains("1 of 1 automatic attempts made"))
      try await screenshot(browser, "incomplete")
      try await browser.click(browser.element("\(row) form.resume button"))
      try await browser.wait(for: "the notice") { try await browser.currentURL.contains("done=resumed") }
      #expect(
        try await browser.text("#notice").hasPrefix(
          "Execution \(id) is queued: a runner serving scenario Retried runs it now."))
      try await browser.click(browser.element("#notice a"))
      try await browser.wait(for: "the execution page to show it resolved", timeout: .seconds(20)) {
        try await browser.open(serve.url + "/console/executions/\(id)")
        return try await browser.text("h1 .status") == "success"
      }
      let records = try await serve.waitForExecutions { $0.contains { $0.id == id && $0.status == .success } }
      let resolved = try #require(records.first { $0.id == id })
      #expect(resolved.error?.type == "Resolved")
      // The automatic attempt and the resume: one of each, the resume a success.
      let attempts = records.filter { $0.parentID == id }
      #expect(attempts.count == 2)
      #expect(attempts.first?.status == .success)
    }
  }

  @Test(.timeLimit(.minutes(3))) func bulkResumeShowsTheCountAndRunsTheConfirmedSet() async throws {
    try await withUsedUpIncompletes(2) { browser, serve, incomplete in
      try await browser.open(serve.url + "/console/incomplete?scenario=Retried")
      try await browser.wait(for: "two rows") { try await browser.elements("tr[data-id]").count == 2 }
      try await browser.click(browser.element("#bulk-resume"))
      try await browser.wait(for: "the confirmation") {
        try await browser.currentURL.contains("/console/incomplete/confirm")
      }
      #expect(try await browser.text("#question") == "Resume 2 incomplete executions of scenario Retried?")
      try await screenshot(browser, "incomplete-confirm")
      // Nothing happens before the confirmation.
      #expect(try await serve.store().executions(matching: HistoryQuery(status: .incomplete)).count == 2)
      try await browser.click(browser.element("#confirm button"))
      try await browser.wait(for: "the notice") { try await browser.currentURL.contains("done=resumed") }
      #expect(
        try await browser.text("#notice")
          == "2 incomplete executions are queued: a runner serving scenario Retried runs them now.")
      let ids = Set(incomplete.map(\.id))
      _ = try await serve.waitForExecutions { records in
        records.filter { ids.contains($0.id) && $0.status == .success }.count == 2
      }
    }
  }

  @Test func deleteRemovesAnIncompleteExecution() async throws {
    try await withBrowser { browser, console in
      try await console.store.finish(ConsoleRecords.incomplete(id: "to-delete"))
      try await console.store.finish(ConsoleRecords.incomplete(id: "to-keep", minute: 1))
      try await browser.open(console.url + "/console/incomplete")
      try await browser.click(browser.element("tr[data-id='to-delete'] form.delete button"))
      try await browser.wait(for: "the notice") { try await browser.currentURL.contains("done=deleted") }
      #expect(try await browser.text("#notice") == "1 incomplete execution deleted.")
      #expect(try await browser.elements("tr[data-id='to-delete']").isEmpty)
      #expect(try await browser.elements("tr[data-id='to-keep']").count == 1)
      #expect(try await console.store.execution(id: "to-delete") == nil)
    }
  }

  @Test func aResumeWithoutItsCSRFTokenIsRefused() async throws {
    try await withBrowser { browser, console in
      try await console.store.finish(ConsoleRecords.incomplete(id: "kept"))
      try await browser.open(console.url + "/console/incomplete")
      _ = try await browser.execute("document.querySelector('form.resume input[name=csrf]').remove()")
      try await browser.click(browser.element("tr[data-id='kept'] form.resume button"))
      try await browser.wait(for: "the refusal") {
        try await browser.text("body").contains("refused: the form's CSRF token is missing or wrong")
      }
      #expect(try await console.store.execution(id: "kept")?.resumeRequestedAt == nil)
    }
  }

  @Test func theNewPagesShowNothingWithoutLogin() async throws {
    try await withBrowser(loggedIn: false) { browser, console in
      try await console.store.finish(ConsoleRecords.incomplete(id: "hidden", scenario: "Hidden scenario"))
      for path in ["/console/incomplete", "/console/scenarios", "/console/incomplete/confirm?action=resume"] {
        try await browser.open(console.url + path)
        try await browser.wait(for: "the login page") { try await browser.currentURL.hasSuffix("/console/login") }
        #expect(!(try await browser.text("body").contains("Hidden scenario")), "\(path)")
      }
    }
  }

  /// A webhook scenario whose mapping reads a field `http.request` does not output: valid, with a
  /// warning. Its request is refused at once (nothing listens on port 9) and ignored.
  static let ordersWithWarning = """
    name: Orders
    trigger: { module: webhook.custom, params: { webhookName: orders } }
    flow:
      - id: 2
        module: http.request
        map: { url: "http://127.0.0.1:9/orders", method: POST }
        onError: { then: ignore }
      - id: 3
        module: util.setVariable
        map: { name: again, value: "seen {{2.nothing}}" }
    """

  @Test(.timeLimit(.minutes(3))) func theScenariosPageShowsHooksStateDiagnosticsAndEnables() async throws {
    let folder = try ServedConsole.folder()
    let file = folder.appendingPathComponent("scenarios/orders.yaml")
    try Data(Self.ordersWithWarning.utf8).write(to: file)
    try Data(
      """
      name: Welcome
      trigger: { module: webhook.custom, params: { webhookName: welcome } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: seen, value: "{{1.id}}" } }
      """.utf8
    ).write(to: folder.appendingPathComponent("scenarios/welcome.yaml"))
    // Deactivated before serve starts, as serve leaves it after an error.
    let store = try SQLiteHistory(path: folder.appendingPathComponent("history.sqlite").path)
    try await store.registerScenarios(["Orders"])
    _ = try await store.setScenario("Orders", active: false, reason: "deactivated after 1 error in a row", at: Date())
    try await ServedConsole.run(in: folder, arguments: ["--public-url", "https://flows.example.com"]) { serve in
      let secret = try #require(try await serve.store().webhookSecrets()["orders"])
      // Accepted and kept while deactivated, not run.
      #expect(try await serve.post(hook: "orders", body: #"{"id": 7}"#) == 200)
      for id in 1...3 { #expect(try await serve.post(hook: "welcome", body: #"{"id": \#(id)}"#) == 200) }
      _ = try await serve.waitForExecutions { $0.filter { $0.scenarioName == "Welcome" }.count == 3 }
      let browser = try await WebDriver(windowWidth: 1280, windowHeight: 1000)
      do {
        try await logIn(browser, url: serve.url)
        try await browser.open(serve.url + "/console/scenarios")
        let section = "section[data-name='Orders']"
        #expect(try await browser.text("\(section) .hook-url") == "https://flows.example.com/hooks/orders/\(secret)")
        #expect(
          try await browser.text("\(section) dd.state").contains("deactivated deactivated after 1 error in a row"))
        #expect(
          try await browser.text("\(section) li.diagnostic")
            == "\(file.path):10:40: warning: module 2 ('http.request') does not output 'nothing'\n"
            + "Its output has: statusCode, headers, data.")
        #expect(try await browser.text("section[data-name='Welcome'] dd.counts") == "success 3")
        try await screenshot(browser, "scenarios")
        #expect(try await serve.store().executions(matching: HistoryQuery(scenarioName: "Orders")).isEmpty)
        try await browser.click(browser.element("\(section) form.enable button"))
        try await browser.wait(for: "the notice") { try await browser.currentURL.contains("enabled=Orders") }
        #expect(try await browser.text("\(section) dd.state") == "active")
        // serve reads the state and runs the delivery that waited.
        let ran = try await serve.waitForExecutions { $0.contains { $0.scenarioName == "Orders" } }
        #expect(ran.first { $0.scenarioName == "Orders" }?.status == .success)
      } catch {
        await browser.quit()
        throw error
      }
      await browser.quit()
    }
  }
}
