import Emulator
import Foundation
import Logging
import SonarAPI
import SonarflowTesting
import Testing

/// `sonarflow webhooks rotate` against the database a running serve uses: the old URL stops
/// answering and the new one answers within seconds, and a Sonar watch trigger's registration
/// moves to the new URL.
@Suite struct WebhookRotationTests {
  static let token = "rotation-test-token-abcdefghijkl"

  @Test func aRotatedSecretTakesEffectWithoutRestart() async throws {
    var logger = Logger(label: "emulator")
    logger.logLevel = .critical
    let emulator = try await SonarEmulator(configuration: .init(token: Self.token, logger: logger)).start()
    let harness = try ServeHarness()
    try harness.write(
      "orders.yaml",
      """
      name: Orders
      trigger: { module: webhook.custom, params: { webhookName: orders } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.n}}" } }
      """)
    try harness.write(
      "welcome.yaml",
      """
      name: Welcome
      trigger: { module: sonar.watchNewCustomer, params: { webhookName: welcome } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.customer.phone_number}}" } }
      """)
    let port = try LoopbackPort.free()
    let publicURL = "http://127.0.0.1:\(port)"
    let serve = try await harness.start(
      port: port, arguments: ["--sonar-url", emulator.baseURL, "--public-url", publicURL],
      environment: ["SONAR_TOKEN": Self.token])
    let old = try await serve.hook("orders")
    #expect(try await serve.post(old, body: #"{"n": "before"}"#).status == 200)

    let rotated = try await CommandRunner().run(["webhooks", "rotate", "orders", "--db", harness.database])
    #expect(rotated.exitCode == 0, "\(rotated.standardError)")
    let new = try await serve.hook("orders")
    #expect(new != old)
    #expect(rotated.standardOutput == "orders: new secret; the hook now answers at \(new)\n")
    let deadline = ContinuousClock.now.advanced(by: .seconds(10))
    var oldStatus = 0
    while ContinuousClock.now < deadline {
      oldStatus = try await serve.post(old, body: #"{"n": "old"}"#).status
      if oldStatus == 404 { break }
      try await Task.sleep(for: .milliseconds(100))
    }
    #expect(oldStatus == 404)
    #expect(try await serve.post(new, body: #"{"n": "after"}"#).status == 200)

    // The Sonar registration follows the watch trigger's new URL; the old one is removed.
    let client = SonarClient(
      token: Self.token, configuration: .init(environment: try SonarEnvironment(baseURL: emulator.baseURL)))
    let registeredBefore = try await client.webhooks().map(\.url)
    #expect(registeredBefore == [publicURL + (try await serve.hook("welcome"))])
    #expect(try await CommandRunner().run(["webhooks", "rotate", "welcome", "--db", harness.database]).exitCode == 0)
    let wanted = publicURL + (try await serve.hook("welcome"))
    var registered: [String?] = []
    let registration = ContinuousClock.now.advanced(by: .seconds(10))
    while ContinuousClock.now < registration {
      registered = try await client.webhooks().map(\.url)
      if registered == [wanted] { break }
      try await Task.sleep(for: .milliseconds(100))
    }
    #expect(registered == [wanted])
    // The secret never reaches the log.
    #expect(!serve.process.printed.contains(String(new.split(separator: "/").last ?? "")))
    #expect(await serve.stop() == 0)
    await emulator.stop()
  }
}
