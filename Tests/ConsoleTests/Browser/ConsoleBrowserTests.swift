import Foundation
import History
import SonarflowTesting
import Testing

/// The console in a real headless Chromium (Debian's `chromium` and `chromium-driver`, which
/// `.ci/run` installs), driven over WebDriver. With `SONARFLOW_SCREENSHOTS=DIR` set, each page is
/// saved as a PNG in DIR (docs/console/ holds the committed ones).
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs /usr/bin/chromium and /usr/bin/chromedriver"))
struct ConsoleBrowserTests {
  /// The console with a browser already logged in (or not, with `loggedIn: false`).
  func withBrowser(
    loggedIn: Bool = true, _ body: @Sendable (WebDriver, ConsoleHarness) async throws -> Void
  ) async throws {
    try await ConsoleHarness.withConsole { console in
      let browser = try await WebDriver(windowWidth: 1280, windowHeight: 1200)
      do {
        if loggedIn { try await logIn(browser, console) }
        try await body(browser, console)
      } catch {
        await browser.quit()
        throw error
      }
      await browser.quit()
    }
  }

  func logIn(_ browser: WebDriver, _ console: ConsoleHarness) async throws {
    try await logIn(browser, url: console.url)
  }

  func logIn(_ browser: WebDriver, url: String) async throws {
    try await browser.open(url + "/console/login")
    try await browser.type(ConsoleHarness.token, into: browser.element("input[name=token]"))
    try await browser.click(browser.element("#login"))
    try await browser.wait(for: "the executions list") { try await browser.currentURL.hasSuffix("/console/executions") }
  }

  func screenshot(_ browser: WebDriver, _ name: String) async throws {
    guard let folder = ProcessInfo.processInfo.environment["SONARFLOW_SCREENSHOTS"], !folder.isEmpty else { return }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try await browser.screenshot().write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name).png"))
  }

  private func seedOrders(_ console: ConsoleHarness) async throws -> String {
    let (path, hash) = try ConsoleRecords.orderScenario(in: console.folder)
    try await console.store.finish(
      ConsoleRecords.order(
        id: "order-failed", scenarioFile: path, contentHash: hash, startedAt: ConsoleRecords.epoch))
    try await console.store.finish(
      ConsoleRecords.order(
        id: "order-retried", scenarioFile: path, contentHash: hash,
        startedAt: ConsoleRecords.epoch.addingTimeInterval(60),
        status: .success, text: "order 4321"))
    for minute in 2..<6 {
      try await console.store.finish(
        ConsoleRecords.plain(id: "welcome-\(minute)", scenario: "Welcome", status: .success, minute: minute))
    }
    return path
  }

  @Test func withoutLoginThereIsOnlyTheLoginForm() async throws {
    try await withBrowser(loggedIn: false) { browser, console in
      try await console.store.finish(
        ConsoleRecords.plain(id: "hidden", scenario: "Hidden scenario", status: .success, minute: 0))
      try await browser.open(console.url + "/console/executions/hidden")
      try await browser.wait(for: "the login page") { try await browser.currentURL.hasSuffix("/console/login") }
      let text = try await browser.text("body")
      #expect(!text.contains("Hidden scenario"))
      try await screenshot(browser, "login")
      try await browser.type("not the token", into: browser.element("input[name=token]"))
      try await browser.click(browser.element("#login"))
      #expect(try await browser.text("#login-problem") == "That is not the console token.")
    }
  }

  @Test func theListShowsAndFiltersExecutions() async throws {
    try await withBrowser { browser, console in
      _ = try await seedOrders(console)
      try await browser.open(console.url + "/console/executions")
      try await browser.wait(for: "six rows") { try await browser.elements("tr[data-id]").count == 6 }
      try await screenshot(browser, "executions")
      let scenario = try await browser.element("input[name=scenario]")
      try await browser.type("Order status", into: scenario)
      try await browser.click(browser.element("#filter button[type=submit]"))
      try await browser.wait(for: "the filtered list") { try await browser.currentURL.contains("scenario=Order") }
      let rows = try await browser.elements("tr[data-id]")
      #expect(rows.count == 2)
      #expect(try await browser.elements("tr[data-id=welcome-2]").isEmpty)
    }
  }

  @Test func theSearchFindsAnExecutionByTextInItsBundles() async throws {
    try await withBrowser { browser, console in
      _ = try await seedOrders(console)
      try await browser.open(console.url + "/console/executions")
      try await browser.wait(for: "six rows") { try await browser.elements("tr[data-id]").count == 6 }
      try await browser.type("4321", into: browser.element("input[name=q]"))
      try await browser.click(browser.element("#filter button[type=submit]"))
      try await browser.wait(for: "the search's result") { try await browser.currentURL.contains("q=4321") }
      let rows = try await browser.elements("tr[data-id]")
      #expect(rows.count == 1)
      #expect(try await browser.elements("tr[data-id=order-retried]").count == 1)
      try await screenshot(browser, "search")
    }
  }

  @Test func theExecutionPageShowsModulesAndTheirOperations() async throws {
    try await withBrowser { browser, console in
      let path = try await seedOrders(console)
      try await browser.open(console.url + "/console/executions")
      try await browser.click(browser.element("tr[data-id=order-failed] a"))
      try await browser.wait(for: "the execution page") {
        try await browser.currentURL.hasSuffix("/console/executions/order-failed")
      }
      #expect(try await browser.elements("svg.diagram g.node").count == 7)
      #expect(try await browser.text("g.node[data-module='2'] .bubble-count") == "1")
      try await screenshot(browser, "execution")
      try await browser.click(browser.element("g.node[data-module='2'] a"))
      try await browser.wait(for: "the module's operations") { try await browser.currentURL.hasSuffix("#module-2") }
      let operation = try await browser.element("#module-2 details.operation")
      try await browser.click(browser.element("#module-2 details.operation > summary"))
      #expect(try await browser.text(of: operation).contains("at \(path):11:5"))
      try await browser.click(browser.element("#module-2 details.operation details > summary"))
      #expect(try await browser.text("#module-2 pre.json").contains("\"method\": \"GET\""))
      try await screenshot(browser, "execution-operations")
    }
  }

  @Test func hostileBundlesAreShownAsText() async throws {
    try await withBrowser { browser, console in
      let (path, hash) = try ConsoleRecords.orderScenario(in: console.folder)
      let hostile = #"<script>document.title='owned'</script><img src=x onerror="document.title='owned'">"#
      var record = ConsoleRecords.order(id: "hostile", scenarioFile: path, contentHash: hash, text: hostile)
      record.error?.message = hostile
      try await console.store.finish(record)
      try await browser.open(console.url + "/console/executions/hostile")
      _ = try await browser.element("#execution-error")
      #expect(try await browser.title == "Execution hostile · sonarflow console")
      #expect(try await browser.elements("img").isEmpty)
      #expect(try await browser.elements("script").count == 1)
      #expect(try await browser.text("#execution-error .message") == hostile)
      try await browser.click(browser.element("#module-6 details.operation > summary"))
      try await browser.click(browser.element("#module-6 details.operation details > summary"))
      #expect(try await browser.text("#module-6 pre.json").contains("<script>document.title='owned'</script>"))
      #expect(try await browser.title == "Execution hostile · sonarflow console")
    }
  }

  @Test func twoExecutionsAreCompared() async throws {
    try await withBrowser { browser, console in
      _ = try await seedOrders(console)
      try await browser.open(console.url + "/console/executions")
      try await browser.click(browser.element("tr[data-id=order-failed] input[type=checkbox]"))
      try await browser.click(browser.element("tr[data-id=order-retried] input[type=checkbox]"))
      try await browser.click(browser.element("#compare button[type=submit]"))
      try await browser.wait(for: "the comparison") { try await browser.currentURL.contains("/console/compare") }
      let text = try await browser.text("main")
      #expect(text.contains("Execution status"))
      #expect(text.contains("Module 6 · sonar.sendMessage"))
      #expect(text.contains("order 4321"))
      try await screenshot(browser, "compare")
    }
  }

  @Test func aFinishingExecutionAppearsWithoutReload() async throws {
    try await withBrowser { browser, console in
      let (path, hash) = try ConsoleRecords.orderScenario(in: console.folder)
      var running = ConsoleRecords.order(
        id: "in-progress", scenarioFile: path, contentHash: hash, status: .running)
      try await console.store.begin(running)
      try await browser.open(console.url + "/console/executions")
      _ = try await browser.element("tr[data-id=in-progress]")
      // A marker on the page: gone if the page were loaded again.
      _ = try await browser.execute("document.body.setAttribute('data-marker', 'kept')")
      try await console.store.finish(
        ConsoleRecords.plain(id: "arrived-later", scenario: "Welcome", status: .success, minute: 30))
      _ = try await browser.element("tr[data-id=arrived-later]", timeout: .seconds(15))
      #expect(try await browser.elements("body[data-marker=kept]").count == 1)

      try await browser.open(console.url + "/console/executions/in-progress")
      #expect(try await browser.text("h1 .status") == "running")
      _ = try await browser.execute("document.body.setAttribute('data-marker', 'kept')")
      running = ConsoleRecords.order(id: "in-progress", scenarioFile: path, contentHash: hash, status: .error)
      try await console.store.finish(running)
      try await browser.wait(for: "the execution to show as finished", timeout: .seconds(15)) {
        try await browser.text("h1 .status") == "error"
      }
      #expect(try await browser.elements("body[data-marker=kept]").count == 1)
      #expect(try await browser.elements("#module-2").count == 1)
    }
  }

  @Test func aFormWithoutItsCSRFTokenIsRefused() async throws {
    try await withBrowser { browser, console in
      try await browser.open(console.url + "/console/executions")
      _ = try await browser.execute("document.querySelector('form.logout input[name=csrf]').remove()")
      try await browser.click(browser.element("form.logout button"))
      try await browser.wait(for: "the refusal") {
        try await browser.text("body").contains("refused: the form's CSRF token is missing or wrong")
      }
      // Still logged in: the list opens.
      try await browser.open(console.url + "/console/executions")
      #expect(try await browser.currentURL.hasSuffix("/console/executions"))
    }
  }
}
