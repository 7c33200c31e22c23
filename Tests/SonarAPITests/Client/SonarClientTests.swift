import Basics
import Emulator
import SonarAPI
import Testing

/// Every endpoint of the client against the running emulator (in-process, port 0).
@Suite struct SonarClientTests {
  @Test func upsertCreatesThenUpdatesAndMergesProperties() async throws {
    try await EmulatorHarness.with { emulator, client in
      let created = try await client.upsertCustomer(
        CustomerUpdate(
          phoneNumber: "(310) 555-5555", firstName: "Matthew", lastName: "Berman",
          email: "m@example.com",
          properties: [.init(name: "great_customer", value: "true")]))
      #expect(created.wasCreated)
      #expect(created.customer.phoneNumber == "+13105555555")
      #expect(
        created.customer.json.keys == [
          "phone_number", "email", "first_name", "last_name", "subscribed", "properties",
          "assignee",
        ])
      let updated = try await client.upsertCustomer(
        CustomerUpdate(
          phoneNumber: "+13105555555", firstName: "John", email: "john@example.com",
          properties: [.init(name: "tier", value: "gold")]))
      #expect(!updated.wasCreated)
      #expect(updated.customer.firstName == "John")
      #expect(updated.customer.lastName == "Berman")
      #expect(updated.customer.email == "john@example.com")
      #expect(updated.customer.properties == ["great_customer": "true", "tier": "gold"])
      let value1 = await emulator.stateList("customers").count
      #expect(value1 == 1)
    }
  }

  @Test func getCustomerReturnsTheLookupShapeAndNotFound() async throws {
    try await EmulatorHarness.with { _, client in
      _ = try await client.upsertCustomer(
        CustomerUpdate(phoneNumber: "3105551111", firstName: "One"))
      let customer = try await client.customer(phoneNumber: "+1 310 555 1111")
      #expect(customer.phoneNumber == "+13105551111")
      #expect(customer.firstName == "One")
      #expect(customer.assignedPhoneNumber == "+17573780424")
      #expect(customer.isSubscribed == true)
      #expect(
        customer.json.keys == [
          "phone_number", "first_name", "last_name", "email", "assigned_phone_number", "subscribed",
          "unsubscribed_at",
          "properties", "external_id",
        ])
      let error = await #expect(throws: SonarError.self) {
        try await client.customer(phoneNumber: "+13105550000")
      }
      #expect(error?.shortDescription == "not_found")
      #expect(error?.serverMessage == "Customer not found")
    }
  }

  @Test func sendMessageQueuesAndRecordsWithTags() async throws {
    try await EmulatorHarness.with { emulator, client in
      await emulator.post("/tags", [("names", ["vip"])])
      let receipt = try await client.sendMessage(
        OutgoingMessage(to: "+13105551234", text: "Your order shipped", tagNames: ["vip"]))
      #expect(receipt.status == .queued)
      #expect(receipt.to == "+13105551234")
      #expect(receipt.text == "Your order shipped")
      let messages = await emulator.stateList("messages")
      #expect(messages.count == 1)
      #expect(messages.first?["tag_names"] == .array(["vip"]))
      #expect(messages.first?["direction"] == "outbound")
      // A message to a new number created the customer.
      let value2 = await emulator.stateList("customers").first?["phone_number"]
      #expect(value2 == "+13105551234")
    }
  }

  @Test func sendMessageRules() async throws {
    try await EmulatorHarness.with { emulator, client in
      _ = try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "same"))
      let duplicate = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "same"))
      }
      #expect(duplicate?.shortDescription == "duplicate_message")
      // A different text, or the same after 7 seconds, is allowed.
      _ = try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "other"))
      await emulator.post("/clock", [("advance_seconds", 8)])
      _ = try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "same"))
      let unknownTag = await #expect(throws: SonarError.self) {
        try await client.sendMessage(
          OutgoingMessage(to: "+13105551234", text: "x", tagNames: ["nope"]))
      }
      #expect(unknownTag?.serverMessage == "Tag not found: nope")
      let blank = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "   "))
      }
      #expect(blank?.shortDescription == "bad_request")
      _ = try await client.upsertCustomer(
        CustomerUpdate(phoneNumber: "+13105559999", isSubscribed: false))
      let unsubscribed = try await client.sendMessage(
        OutgoingMessage(to: "+13105559999", text: "hi"))
      #expect(unsubscribed.status == .unsubscribed)
      let value3 = await emulator.stateList("messages").count
      #expect(value3 == 3)
      let media = try await client.sendMessage(
        OutgoingMessage(to: "+13105551234", mediaURL: "https://x.test/a.png"))
      #expect(media.status == .queued)
    }
  }

  @Test func invalidPhoneNumberIsRefusedBeforeSending() async throws {
    try await EmulatorHarness.with { emulator, client in
      let error = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "111", text: "x"))
      }
      #expect(error?.shortDescription == "invalid_phone_number")
      #expect(error?.status == nil)
      let value4 = await emulator.stateList("customers")
      #expect(value4.isEmpty)
    }
  }

  @Test func closeAndUnassign() async throws {
    try await EmulatorHarness.with { emulator, client in
      _ = try await client.upsertCustomer(CustomerUpdate(phoneNumber: "+13105551111"))
      await emulator.post(
        "/assign",
        [("phone_number", "+13105551111"), ("first_name", "Ann"), ("email", "ann@x.test")])
      let value5 = try await client.customer(phoneNumber: "+13105551111").json["assignee"]
      #expect(value5 == nil)
      try await client.unassignCustomer(phoneNumber: "+13105551111")
      let value6 = await emulator.stateList("customers").first?["assignee"]
      #expect(value6 == .null)
      await emulator.post("/assign", [("phone_number", "+13105551111"), ("first_name", "Ann")])
      try await client.closeCustomer(phoneNumber: "+13105551111")
      try await client.closeCustomer(phoneNumber: "+13105551111")
      let customer = await emulator.stateList("customers").first
      #expect(customer?["state"] == "closed")
      #expect(customer?["assignee"] == .null)
      let error = await #expect(throws: SonarError.self) {
        try await client.closeCustomer(phoneNumber: "+13105550000")
      }
      #expect(error?.shortDescription == "not_found")
    }
  }

  @Test func deletePropertyByPhoneAndByEmail() async throws {
    try await EmulatorHarness.with { _, client in
      _ = try await client.upsertCustomer(
        CustomerUpdate(
          phoneNumber: "+13105551111", email: "one@example.com",
          properties: [.init(name: "foo", value: "42"), .init(name: "bar", value: "baz")]))
      let byPhone = try await client.deleteProperty(named: "foo", of: .phoneNumber("+13105551111"))
      #expect(
        byPhone.wasDeleted && byPhone.propertyValue == "42" && byPhone.email == "one@example.com")
      #expect(
        byPhone.json.keys == [
          "property_name", "property_value", "email", "phone_number", "deleted",
        ])
      let byEmail = try await client.deleteProperty(named: "bar", of: .email("one@example.com"))
      #expect(byEmail.propertyValue == "baz" && byEmail.phoneNumber == "+13105551111")
      let absent = try await client.deleteProperty(named: "bar", of: .email("one@example.com"))
      #expect(!absent.wasDeleted && absent.propertyValue == nil)
      let value7 = try await client.customer(phoneNumber: "+13105551111").properties
      #expect(value7.isEmpty)
      let error = await #expect(throws: SonarError.self) {
        try await client.deleteProperty(named: "x", of: .email("nobody@example.com"))
      }
      #expect(error?.shortDescription == "not_found")
    }
  }

  @Test func appendTagsToAMessage() async throws {
    try await EmulatorHarness.with { emulator, client in
      await emulator.post("/tags", [("names", ["vip", "follow_up"])])
      _ = try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "hello"))
      let id = try #require(await emulator.stateList("messages").first?["id"]?.stringValue)
      let result = try await client.appendTags(["vip", "follow_up"], toMessage: id)
      #expect(result.messageID == id && result.tagNames == ["vip", "follow_up"])
      let missing = await #expect(throws: SonarError.self) {
        try await client.appendTags(["vip"], toMessage: "d22eaa3b-0daa-4619-943e-16f49388d73a")
      }
      #expect(missing?.shortDescription == "not_found")
      let unknownTag = await #expect(throws: SonarError.self) {
        try await client.appendTags(["nope"], toMessage: id)
      }
      #expect(unknownTag?.serverMessage == "Tag not found: nope")
    }
  }

  @Test func sendCampaignWithSendAt() async throws {
    try await EmulatorHarness.with { emulator, client in
      await emulator.post(
        "/campaigns",
        [("id", "welcome"), ("texts", ["Hi {{first_name}}!", "Hello {{first_name}}!"])])
      _ = try await client.upsertCustomer(
        CustomerUpdate(phoneNumber: "+13105551111", firstName: "One"))
      let sendAt = SonarTimestamp(secondsSince1970: 1_800_000_000)
      let receipt = try await client.sendCampaign(
        CampaignSend(to: "+13105551111", campaignID: "welcome", sendAt: sendAt))
      #expect(receipt.status == .queued && receipt.text == "sent")
      let second = try await client.sendCampaign(
        CampaignSend(to: "+13105551111", campaignID: "welcome"))
      #expect(second.status == .queued)
      let messages = await emulator.stateList("messages")
      #expect(messages.map { $0["text"] } == ["Hi One!", "Hello One!"])
      #expect(messages.first?["send_at"] == .string(sendAt.iso8601))
      let error = await #expect(throws: SonarError.self) {
        try await client.sendCampaign(CampaignSend(to: "+13105551111", campaignID: "nope"))
      }
      #expect(error?.serverMessage == "Campaign not found")
    }
  }

  @Test func webhooksRegisterListDelete() async throws {
    try await EmulatorHarness.with { _, client in
      let webhook = try await client.registerWebhook(
        WebhookRegistration(
          name: "new customers", url: "http://127.0.0.1:9/hook",
          events: [.customerCreated, .outboundMessage]))
      #expect(
        webhook.isActive && webhook.subscribedEvents == ["customer_created", "outbound_message"])
      let value8 = try await client.webhooks().map(\.id)
      #expect(value8 == [webhook.id])
      try await client.deleteWebhook(id: webhook.id)
      let value9 = try await client.webhooks()
      #expect(value9.isEmpty)
      let error = await #expect(throws: SonarError.self) {
        try await client.deleteWebhook(id: webhook.id)
      }
      #expect(error?.shortDescription == "not_found")
    }
  }

  @Test func availablePhoneNumberUsesThePublishableKey() async throws {
    try await EmulatorHarness.with { _, client in
      let value10 = try await client.availablePhoneNumber(publishableKey: "test-publishable-key")
      #expect(value10 == "7573780424")
      let error = await #expect(throws: SonarError.self) {
        try await client.availablePhoneNumber(publishableKey: "bad")
      }
      #expect(error?.shortDescription == "unauthorized")
    }
  }

  @Test func rawCallReturnsStatusHeadersAndBody() async throws {
    try await EmulatorHarness.with { _, client in
      _ = try await client.upsertCustomer(
        CustomerUpdate(phoneNumber: "+13105551111", firstName: "One"))
      let found = try await client.call(RawRequest(path: "customers?phone_number=%2B13105551111"))
      #expect(found.status == 200)
      #expect(found.header("content-type") == "application/json")
      #expect(found.json?.objectValue?["first_name"] == "One")
      let missing = try await client.call(
        RawRequest(path: "/customers", query: [.init(name: "phone_number", value: "+13105550000")]))
      #expect(missing.status == 404)
      let posted = try await client.call(
        RawRequest(
          method: "POST", path: "/messages",
          json: .object(JSONObject([("to", "+13105551111"), ("text", "raw")]))))
      #expect(posted.status == 202)
    }
  }

  @Test(arguments: [
    "https://evil.example/api/v1/customers", "//evil.example/customers", "../admin",
    "/customers/../../x",
    "/customers/%2e%2e/x", "http:evil", "  ", "/customers/%2Fetc",
  ])
  func rawCallRefusesPathsOutsideTheAPI(_ path: String) async throws {
    try await RecordingServer.with(status: 200, responseBody: "{}") { baseURL, server in
      let client = SonarClient(
        token: "secret-token-value", environment: try SonarEnvironment(baseURL: baseURL))
      let error = await #expect(throws: SonarError.self) {
        try await client.call(RawRequest(path: path))
      }
      #expect(error?.shortDescription == "invalid_path")
      #expect(server.requests.isEmpty)
    }
  }
}
