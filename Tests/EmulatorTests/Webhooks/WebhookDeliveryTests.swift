import Basics
import Emulator
import SonarAPI
import Testing

/// Deliveries of the seven events Make watches, received by a real HTTP listener.
@Suite struct WebhookDeliveryTests {
  static let watched: [WebhookEventKind] = [
    .customerCreated, .customerStateChanged, .tagAddedToMessage, .tagRemovedFromMessage,
    .outboundMessage,
    .newAssignedMessage, .newUnassignedMessage,
  ]

  /// Registers a webhook for one event (JSON, as documented) and returns its id.
  static func register(
    _ emulator: RunningEmulator, url: String, events: [WebhookEventKind]
  )
    async throws
  {
    var settings = JSONObject()
    for event in events { settings[event.rawValue] = "true" }
    let answer = try await TestSupport.json(
      "POST", emulator.baseURL + "/webhooks",
      .object(
        JSONObject([
          (
            "webhook",
            .object(
              JSONObject([
                ("name", "test"), ("active", "true"), ("settings", .object(settings)),
                ("url", .string(url)),
                ("http_method", "POST"),
              ]))
          )
        ])))
    #expect(answer.status == 201)
  }

  /// Makes the emulator fire `event` for the customer +13105551234 (a customer and a message exist).
  static func trigger(_ event: WebhookEventKind, _ emulator: RunningEmulator) async throws {
    let api = emulator.baseURL
    switch event {
    case .customerCreated:
      _ = try await TestSupport.form(
        "POST", api + "/customers", "phone_number=%2B13105550001&first_name=New")
    case .customerStateChanged:
      _ = try await TestSupport.form(
        "POST", api + "/customers/close", "phone_number=%2B13105551234")
    case .tagAddedToMessage:
      let id = await emulator.stateList("messages").first?["id"]?.stringValue ?? ""
      let answer = try await TestSupport.form(
        "POST", api + "/messages/\(id)/tags", "tag_names[]=vip")
      #expect(answer.status == 200)
    case .tagRemovedFromMessage:
      let id = await emulator.stateList("messages").first?["id"]?.stringValue ?? ""
      await emulator.post("/remove-tag", [("message_id", .string(id)), ("tag_name", "vip")])
    case .outboundMessage:
      _ = try await TestSupport.form("POST", api + "/messages", "to=%2B13105551234&text=Shipped")
    case .newAssignedMessage:
      await emulator.post(
        "/inbound",
        [
          ("phone_number", "+13105551234"), ("text", "Where is it?"),
          (
            "assign_to",
            .object(
              JSONObject([("first_name", "Ann"), ("last_name", "Agent"), ("email", "ann@x.test")]))
          ),
        ])
    case .newUnassignedMessage:
      await emulator.post("/inbound", [("phone_number", "+13105551234"), ("text", "Hello?")])
    default:
      Issue.record("not a watched event")
    }
  }

  @Test(arguments: watched)
  func eachWatchedEventIsDelivered(_ event: WebhookEventKind) async throws {
    let listener = WebhookListener()
    try await listener.with { url in
      try await TestSupport.withEmulator { emulator in
        // Set-up before registering, so only the event under test is delivered.
        await emulator.post("/tags", [("names", ["vip"])])
        _ = try await TestSupport.form(
          "POST", emulator.baseURL + "/customers",
          "phone_number=%2B13105551234&first_name=Sonar&last_name=Customer")
        _ = try await TestSupport.form(
          "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=First&tag_names[]=vip")
        if event == .tagAddedToMessage {
          let id = await emulator.stateList("messages").first?["id"]?.stringValue ?? ""
          await emulator.post("/remove-tag", [("message_id", .string(id)), ("tag_name", "vip")])
        }
        try await Self.register(emulator, url: url, events: [event])
        try await Self.trigger(event, emulator)
        let arrived = try await TestSupport.eventually { listener.deliveries.count >= 1 }
        #expect(arrived, "no \(event.rawValue) delivery")
        try await Task.sleep(for: .milliseconds(50))
        #expect(listener.deliveries.count == 1)
        let payload = try #require(listener.deliveries.first?.body)
        #expect(listener.deliveries.first?.method == "POST")
        #expect(payload["action"] == .string(event.rawValue))
        #expect(payload["uuid"]?.stringValue?.count == 36)
        #expect(payload.keys.prefix(2) == ["uuid", "action"])
        let customer = try #require(payload["customer"]?.objectValue)
        #expect(customer["phone_number"]?.stringValue?.hasPrefix("+1310555") == true)
        let decoded = try WebhookEvent(json: payload)
        #expect(decoded.kind == event)
        switch event {
        case .customerCreated:
          #expect(customer["first_name"] == "New")
          #expect(customer["subscribed"] == true)
        case .customerStateChanged:
          #expect(payload["previous_state"] == "open" && payload["state"] == "closed")
        case .tagAddedToMessage, .tagRemovedFromMessage:
          #expect(payload["tag_name"] == "vip" && payload["text"] == "First")
          #expect(payload["message_id"]?.stringValue?.count == 36)
        case .outboundMessage:
          #expect(payload["text"] == "Shipped" && payload["from_name"] == "Sonar Emulator")
          #expect(payload["to_name"] == "Sonar Customer" && payload["user"] == .null)
          #expect(payload["link"] == "https://sendsonar.com/threads/13105551234")
        case .newAssignedMessage:
          #expect(payload["text"] == "Where is it?" && payload["to_name"] == "Ann Agent")
          #expect(payload["user"]?.objectValue?["email"] == "ann@x.test")
        case .newUnassignedMessage:
          #expect(
            payload["text"] == "Hello?" && payload["user"] == .null && payload["to_name"] == .null)
          #expect(payload["from_name"] == "Sonar Customer")
        default:
          break
        }
        // The emulator records the attempt once the listener's answer is back.
        let recorded = try await TestSupport.eventually {
          await emulator.stateList("deliveries").first?["status"] == "delivered"
        }
        #expect(recorded)
      }
    }
  }

  @Test func failedDeliveryIsRetriedWithTheSameUUID() async throws {
    let listener = WebhookListener(failures: 1)
    try await listener.with { url in
      try await TestSupport.withEmulator { emulator in
        try await Self.register(emulator, url: url, events: [.outboundMessage])
        _ = try await TestSupport.form(
          "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=Hi")
        let arrived = try await TestSupport.eventually { listener.deliveries.count >= 2 }
        #expect(arrived)
        let uuids = listener.deliveries.map { $0.body["uuid"] }
        #expect(uuids.count == 2 && uuids[0] == uuids[1])
        let delivered = try await TestSupport.eventually {
          await emulator.stateList("deliveries").first?["status"] == "delivered"
        }
        #expect(delivered)
        let attempts = await emulator.stateList("deliveries").first?["attempts"]?.arrayValue ?? []
        #expect(attempts.compactMap { $0.objectValue?["status_code"] } == [500, 200])
      }
    }
  }

  @Test func deliveryGivesUpAfterSonarsFourRetries() async throws {
    let listener = WebhookListener(failures: 100)
    try await listener.with { url in
      try await TestSupport.withEmulator { emulator in
        try await Self.register(emulator, url: url, events: [.customerCreated])
        _ = try await TestSupport.form(
          "POST", emulator.baseURL + "/customers", "phone_number=%2B13105551234")
        let failed = try await TestSupport.eventually {
          await emulator.stateList("deliveries").first?["status"] == "failed"
        }
        #expect(failed)
        #expect(listener.deliveries.count == 5)
      }
    }
  }

  @Test func slowReceiversDoNotDelayAPIAnswers() async throws {
    // The receiver takes 5 s per delivery; the API answer must not wait for it (the bound leaves
    // room for a loaded machine).
    let listener = WebhookListener(delay: .seconds(5))
    try await listener.with { url in
      try await TestSupport.withEmulator { emulator in
        try await Self.register(emulator, url: url, events: [.outboundMessage, .customerCreated])
        let clock = ContinuousClock()
        let start = clock.now
        let answer = try await TestSupport.form(
          "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=Hi")
        #expect(answer.status == 202)
        #expect(clock.now - start < .seconds(4))
      }
    }
  }

  @Test func inactiveOrUnsubscribedWebhooksGetNothing() async throws {
    let listener = WebhookListener()
    try await listener.with { url in
      try await TestSupport.withEmulator { emulator in
        try await Self.register(emulator, url: url, events: [.customerCreated])
        _ = try await TestSupport.form(
          "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=Hi")
        _ = try await TestSupport.eventually { listener.deliveries.count >= 1 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(listener.deliveries.map { $0.body["action"] } == ["customer_created"])
      }
    }
  }
}

@Suite struct WebhookResetTests {
  @Test func resetDropsPendingRetries() async throws {
    let listener = WebhookListener(failures: 100)
    try await listener.with { url in
      try await TestSupport.withEmulator { emulator in
        try await WebhookDeliveryTests.register(emulator, url: url, events: [.customerCreated])
        _ = try await TestSupport.form(
          "POST", emulator.baseURL + "/customers", "phone_number=%2B13105551234")
        _ = try await TestSupport.eventually { listener.deliveries.count >= 1 }
        _ = await emulator.control(method: "POST", "/reset")
        let countAtReset = listener.deliveries.count
        try await Task.sleep(for: .milliseconds(400))
        // At most one attempt was already under way when the reset came.
        #expect(listener.deliveries.count <= countAtReset + 1)
        #expect(await emulator.stateList("deliveries").isEmpty)
      }
    }
  }
}
