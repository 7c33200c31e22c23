import Basics
import Emulator
import Foundation
import History
import Logging
import SonarAPI
import SonarflowTesting
import Testing

/// Each of the seven Sonar watch triggers: serve registers its webhook with the emulator, and an
/// emulator event runs its scenario. Restarting with fewer scenarios removes the stale registration.
@Suite(.serialized) struct SonarWebhookTests {
  static let token = "serve-test-token-abcdefghijklmnop"

  static let watches: [(module: String, hook: String, event: WebhookEventKind)] = [
    ("sonar.watchNewCustomer", "new-customer", .customerCreated),
    ("sonar.watchCustomerStateChanged", "state-changed", .customerStateChanged),
    ("sonar.watchTagAdded", "tag-added", .tagAddedToMessage),
    ("sonar.watchTagRemoved", "tag-removed", .tagRemovedFromMessage),
    ("sonar.watchOutboundMessage", "outbound", .outboundMessage),
    ("sonar.watchAssignedMessage", "assigned", .newAssignedMessage),
    ("sonar.watchUnassignedMessage", "unassigned", .newUnassignedMessage),
  ]

  static func scenario(module: String, hook: String) -> String {
    """
    name: Watch \(hook)
    trigger:
      module: \(module)
      params: { webhookName: \(hook) }
    flow:
      - id: 2
        module: util.setVariable
        map: { name: seen, value: "{{1.action}} {{1.customer.phone_number}}" }
    """
  }

  @Test func everyWatchTriggerIsRegisteredAndFiresFromAnEmulatorEvent() async throws {
    var logger = Logger(label: "emulator")
    logger.logLevel = .critical
    let emulator = try await SonarEmulator(
      configuration: .init(token: Self.token, webhookRetryScale: 0.001, logger: logger)
    ).start()
    let harness = try ServeHarness()
    for watch in Self.watches {
      try harness.write("\(watch.hook).yaml", Self.scenario(module: watch.module, hook: watch.hook))
    }
    let port = try LoopbackPort.free()
    let publicURL = "http://127.0.0.1:\(port)"
    let arguments = ["--sonar-url", emulator.baseURL, "--public-url", publicURL]
    let environment = ["SONAR_TOKEN": Self.token]
    var serve = try await harness.start(port: port, arguments: arguments, environment: environment)

    // Registered: one webhook per trigger, for its event, at {public-url}/hooks/{webhookName}/{secret}.
    let client = SonarClient(
      token: Self.token, configuration: .init(environment: try SonarEnvironment(baseURL: emulator.baseURL)))
    let registered = try await client.webhooks()
    #expect(registered.count == 7)
    for watch in Self.watches {
      let url = publicURL + (try await serve.hook(watch.hook))
      let hook = registered.first { $0.url == url }
      #expect(hook?.subscribedEvents == [watch.event.rawValue], "\(watch.hook)")
    }

    // Fire every event.
    _ = await emulator.control("/tags", body: JSONObject([("names", .array(["vip"]))]))
    _ = try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "Shipped"))  // created + outbound
    let state = await emulator.state()
    let messageID = try #require(state.objectValue?["messages"]?.arrayValue?.first?.objectValue?["id"]?.stringValue)
    _ = try await client.appendTags(["vip"], toMessage: messageID)
    _ = await emulator.control(
      "/remove-tag", body: JSONObject([("message_id", .string(messageID)), ("tag_name", "vip")]))
    try await client.closeCustomer(phoneNumber: "+13105551234")
    _ = await emulator.control("/inbound", body: JSONObject([("phone_number", "+13105551234"), ("text", "Hello?")]))
    _ = await emulator.control(
      "/inbound",
      body: JSONObject([
        ("phone_number", "+13105551234"), ("text", "Where is it?"),
        ("assign_to", .object(JSONObject([("first_name", "Ann"), ("last_name", "Agent"), ("email", "ann@x.test")]))),
      ]))

    let executions = try await harness.waitForExecutions { records in
      Set(records.map(\.scenarioName)).count == 7
    }
    for watch in Self.watches {
      let runs = executions.filter { $0.scenarioName == "Watch \(watch.hook)" }
      #expect(!runs.isEmpty, "no execution of \(watch.module)")
      #expect(runs.allSatisfy { $0.status == .success })
      let actions = runs.compactMap { ($0.triggerJSON as? [String: Any])?["action"] as? String }
      #expect(actions.allSatisfy { $0 == watch.event.rawValue }, "\(watch.module): \(actions)")
    }
    // The token is never logged.
    #expect(!serve.process.printed.contains(Self.token))
    #expect(await serve.stop() == 0)

    // Restart with the same scenarios: the registrations are reused, not duplicated.
    serve = try await harness.start(port: port, arguments: arguments, environment: environment)
    let again = try await client.webhooks()
    #expect(Set(again.map(\.id)) == Set(registered.map(\.id)))
    #expect(await serve.stop() == 0)

    // Restart without one scenario: its registration is removed, the others stay.
    try harness.remove("outbound.yaml")
    serve = try await harness.start(port: port, arguments: arguments, environment: environment)
    let remaining = try await client.webhooks()
    #expect(remaining.count == 6)
    #expect(!remaining.contains { $0.url?.hasPrefix("\(publicURL)/hooks/outbound/") == true })
    #expect(await serve.stop() == 0)
    await emulator.stop()
  }
}
