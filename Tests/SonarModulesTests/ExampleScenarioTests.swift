import Basics
import Emulator
import Engine
import Expressions
import Foundation
import History
import SonarAPI
import SonarflowTesting
import Testing

/// Every example in scenarios/ runs against the emulator, and the emulator's state shows it did
/// what it says.
@Suite struct ExampleScenarioTests {
  @Test func welcomeNewCustomerTextsSubscribedCustomers() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, bundles) = try EmulatorHarness.example("welcome-new-customer")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      #expect(result.operations == 3)
      let sent = await harness.messages(to: "+13105551234")
      #expect(sent.count == 1)
      #expect(sent.first?.value(at: [.key("text")]) == "Hi Ann, welcome! Reply STOP to opt out.")
      #expect(sent.first?.value(at: [.key("tag_names")]) == ["welcome"])
    }
  }

  @Test func welcomeSkipsUnsubscribedCustomersWithTheFilter() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, _) = try EmulatorHarness.example("welcome-new-customer")
      let bundle: Value = .collection(["customer": .collection(["phone_number": "+13105555678"])])
      let result = await harness.engine.run(scenario, triggerBundles: [bundle])
      #expect(result.status == .success)
      #expect(result.events.last?.isFiltered == true)
      #expect(result.events.last?.filterName == "Subscribed only")
      #expect(await harness.messages(to: "+13105555678").isEmpty)
    }
  }

  @Test func unknownCustomerEndsThePathQuietly() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, _) = try EmulatorHarness.example("welcome-new-customer")
      let bundle: Value = ["customer": ["phone_number": "+13105550000"]]
      let result = await harness.engine.run(scenario, triggerBundles: [bundle])
      #expect(result.status == .success)
      #expect(result.events.last?.moduleID == 2)
      #expect(result.events.last?.outputs == [])
      #expect(await harness.messages(to: "+13105550000").isEmpty)
    }
  }

  @Test func closedConversationsAreStamped() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, bundles) = try EmulatorHarness.example("close-resolved-conversations")
      let result = await harness.engine.run(
        scenario, triggerBundles: bundles, now: Date(timeIntervalSince1970: 1_790_000_000))
      #expect(result.status == .success)
      let properties = await harness.customer("+13105551234")?.value(at: [.key("properties")])
      #expect(properties?.value(at: [.key("last_closed_at")]) == "2026-09-21")
      #expect(properties?.value(at: [.key("previous_state")]) == "open")
      #expect(properties?.value(at: [.key("follow_up_due")]) == "2026-12-01", "properties merge")
    }
  }

  @Test func vipTagSendsTheCampaign() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, bundles) = try EmulatorHarness.example("vip-tag-campaign")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      let sent = await harness.messages(to: "+13105551234")
      #expect(sent.map { $0.value(at: [.key("campaign_id")]) } == ["vip_welcome"])
    }
  }

  @Test func removedTagDeletesTheProperty() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, bundles) = try EmulatorHarness.example("tag-removed-cleanup")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      let properties = await harness.customer("+13105551234")?.value(at: [.key("properties")])
      #expect(properties?.value(at: [.key("follow_up_due")]) == .null)
    }
  }

  @Test func outboundMessageIsLoggedThroughTheRawAPI() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, bundles) = try EmulatorHarness.example("outbound-message-log")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      #expect(result.events.first { $0.moduleID == 2 }?.outputs?.first?.value(at: [.key("statusCode")]) == 200)
      let properties = await harness.customer("+13105551234")?.value(at: [.key("properties")])
      #expect(
        properties?.value(at: [.key("last_outbound_text")]) == "Your order #1042 has shipped and should arrive on ")
    }
  }

  @Test func assignedMessageIsTaggedAndGoodbyeUnassigns() async throws {
    try await EmulatorHarness.withHarness { harness in
      var body = Basics.JSONObject()
      body["phone_number"] = .string("+13105551234")
      body["text"] = .string("Great, thanks, bye!")
      let answer = await harness.emulator.control("/inbound", body: body)
      guard case .object(let object) = answer.body, case .object(let message)? = object["message"],
        let messageID = message["id"]?.stringValue
      else {
        Issue.record("the emulator did not answer with the inbound message: \(answer.body)")
        return
      }
      let (scenario, bundles) = try EmulatorHarness.example("assigned-message-triage")
      guard case .collection(var fields) = bundles[0] else { Issue.record("bundle is not an object"); return }
      fields["message_id"] = .text(messageID)
      let result = await harness.engine.run(scenario, triggerBundles: [.collection(fields)])
      #expect(result.status == .success)
      let inbound = await harness.messages(to: "+13105551234", direction: "inbound")
      #expect(inbound.first?.value(at: [.key("tag_names")]) == ["assigned"])
      #expect(await harness.customer("+13105551234")?.value(at: [.key("assignee")]) == .null)
    }
  }

  @Test func routerSendsEachMessageDownTheRightRoute() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, bundles) = try EmulatorHarness.example("unassigned-message-router")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      #expect(result.events.map(\.moduleID) == [1, 4, 3, 5], "depth-first: hours, resolved, fallback")
      #expect(await harness.customer("+13105551234")?.value(at: [.key("state")]) == "closed")
      #expect(
        await harness.messages(to: "+13105551234").map { $0.value(at: [.key("text")]) } == [
          "We are open 9am to 5pm, Monday to Friday."
        ])
      #expect(
        await harness.messages(to: "+13105559999").map { $0.value(at: [.key("text")]) }
          == ["Thanks for your message! Someone from the team will reply shortly."])
    }
  }

  @Test func orderWebhookAggregatesLinesAndTotal() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, bundles) = try EmulatorHarness.example("order-webhook-summary")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      #expect(result.operations == 7)
      #expect(
        await harness.messages(to: "+13105551234").map { $0.value(at: [.key("text")]) }
          == ["Order 1042: 2 × Blue mug, 1 × Tea sampler. Total $44.00."])
      let properties = await harness.customer("+13105551234")?.value(at: [.key("properties")])
      #expect(properties?.value(at: [.key("last_order_id")]) == "1042")
    }
  }

  @Test func polledSignupsAreWelcomed() async throws {
    try await EmulatorHarness.withHarness { harness in
      let (scenario, _) = try EmulatorHarness.example("poll-new-signups")
      let items: [Value] = [
        .collection(["id": 1, "name": "Cy", "phone": "+13105550001"]),
        .collection(["id": 2, "name": "No Phone"]),
      ]
      let result = await harness.engine.run(scenario, triggerBundles: items)
      #expect(result.status == .success)
      #expect(
        await harness.messages(to: "+13105550001").map { $0.value(at: [.key("text")]) } == ["Welcome aboard, Cy!"])
      #expect(result.events.filter(\.isFiltered).count == 1)
    }
  }

  @Test func dryRunSendsNothingButReadsStillRun() async throws {
    try await EmulatorHarness.withHarness(dryRun: true) { harness in
      let (scenario, bundles) = try EmulatorHarness.example("welcome-new-customer")
      let result = await harness.engine.run(scenario, triggerBundles: bundles)
      #expect(result.status == .success)
      #expect(result.events.first { $0.moduleID == 2 }?.outputs?.first?.value(at: [.key("first_name")]) == "Ann")
      let preview = result.events.first { $0.moduleID == 3 }?.outputs?.first
      #expect(preview?.value(at: [.key("dryRun")]) == true)
      #expect(preview?.value(at: [.key("path")]) == "/messages")
      #expect(await harness.messages(to: "+13105551234").isEmpty)
    }
  }
}
