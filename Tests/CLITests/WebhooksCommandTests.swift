import Foundation
import SonarflowTesting
import Testing

/// `sonarflow webhooks list` prints every hook's URL with its secret (stable from run to run, the
/// same serve answers at); `rotate` replaces one.
@Suite struct WebhooksCommandTests {
  let sonarflow: CommandRunner
  let folder: URL
  var db: String { folder.appendingPathComponent("h.sqlite").path }

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("webhooks-command")
    let scenarios: [(String, String)] = [
      (
        "orders.yaml",
        """
        name: Orders
        trigger: { module: webhook.custom, params: { webhookName: orders } }
        flow:
          - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.n}}" } }
        """
      ),
      (
        "welcome.yaml",
        """
        name: Welcome new customers
        trigger: { module: sonar.watchNewCustomer, params: { webhookName: welcome } }
        flow:
          - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.customer.phone_number}}" } }
        """
      ),
      (
        "poll.yaml",
        """
        name: Poll
        trigger: { module: http.watch, params: { url: "https://example.com/items" } }
        flow:
          - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.id}}" } }
        """
      ),
    ]
    for (name, text) in scenarios {
      try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
  }

  private func listJSON() async throws -> [[String: String]] {
    let result = try await sonarflow.run([
      "webhooks", "list", folder.path, "--db", db, "--public-url", "https://flows.example.com/", "--format", "json",
    ])
    #expect(result.exitCode == 0, "\(result.standardError)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: String]])
  }

  @Test func listsEveryHookWithItsSecretURLTheSameEachTime() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try await listJSON()
    #expect(first.map { $0["hook"] } == ["orders", "welcome"])
    #expect(first.map { $0["scenario"] } == ["Orders", "Welcome new customers"])
    #expect(first.map { $0["trigger"] } == ["webhook.custom", "sonar.watchNewCustomer"])
    for row in first {
      let url = try #require(row["url"])
      #expect(
        url.range(
          of: "^https://flows\\.example\\.com/hooks/\(row["hook"] ?? "")/[a-z2-7]{32}$", options: .regularExpression)
          != nil, "\(url)")
    }
    #expect(first[0]["url"]?.split(separator: "/").last != first[1]["url"]?.split(separator: "/").last)
    #expect(try await listJSON() == first)

    let human = try await sonarflow.run(["webhooks", "list", folder.path, "--db", db])
    #expect(human.exitCode == 0)
    let lines = human.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.first == "HOOK     SCENARIO               TRIGGER                 URL")
    let ordersPath = try #require(first[0]["url"]?.replacingOccurrences(of: "https://flows.example.com", with: ""))
    #expect(lines.dropFirst().first == "orders   Orders                 webhook.custom          \(ordersPath)")
    #expect(lines.last == "(paths only: give --public-url to print full URLs)")
  }

  @Test func rotateReplacesOneSecret() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try await listJSON()
    let rotated = try await sonarflow.run(["webhooks", "rotate", "orders", "--db", db, "--format", "json"])
    #expect(rotated.exitCode == 0, "\(rotated.standardError)")
    let answer = try #require(
      try JSONSerialization.jsonObject(with: Data(rotated.standardOutput.utf8)) as? [String: String])
    let after = try await listJSON()
    #expect(after[0]["url"] != before[0]["url"])
    #expect(after[0]["url"] == "https://flows.example.com" + (answer["url"] ?? ""))
    #expect(after[1] == before[1])

    let unknown = try await sonarflow.run(["webhooks", "rotate", "nobody", "--db", db])
    #expect(unknown.exitCode == 1)
    #expect(unknown.standardError.contains("no hook 'nobody'"))
  }
}
