import Basics
import Emulator
import SonarAPI
import Testing

/// Faults injected into the emulator and survived (or correctly not retried) by the client.
@Suite struct SonarClientRetryTests {
  @Test func serviceUnavailableIsRetriedAndSendsOnce() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(sleep: sleeps.sleep) { emulator, client in
      await emulator.post("/faults", [("status", 503), ("count", 2), ("path", "/api/v1/messages")])
      let receipt = try await client.sendMessage(
        OutgoingMessage(to: "+13105551234", text: "retry me"))
      #expect(receipt.status == .queued)
      #expect(sleeps.recorded.count == 2)
      #expect(await emulator.stateList("messages").count == 1)
    }
  }

  /// Each attempt is one exchange in the operation's log, numbered, with what came back and the
  /// token taken out of its headers.
  @Test func everyAttemptIsRecordedInTheBoundExchangeLog() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(sleep: sleeps.sleep) { emulator, client in
      await emulator.post("/faults", [("status", 503), ("count", 1), ("path", "/api/v1/messages")])
      let log = ExchangeLog()
      _ = try await ExchangeLog.$current.withValue(log) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "retry me"))
      }
      let exchanges = log.all
      #expect(exchanges.map(\.status) == [503, 202])
      #expect(exchanges.map(\.attempt) == [1, 2])
      #expect(exchanges.allSatisfy { $0.method == "POST" && $0.pathAndQuery == "/api/v1/messages" })
      #expect(exchanges[1].requestBody?.contains("text=retry%20me") == true)
      let tokens = exchanges.flatMap(\.requestHeaders).filter { $0.name.lowercased() == "x-token" }
      #expect(tokens.count == 2)
      #expect(tokens.allSatisfy { $0.value == HTTPExchange.redacted })
    }
  }

  @Test func rateLimitHonoursRetryAfter() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(sleep: sleeps.sleep) { emulator, client in
      await emulator.post("/faults", [("status", 429), ("retry_after", 3), ("count", 1)])
      _ = try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "after 429"))
      #expect(sleeps.recorded == [.seconds(3)])
      #expect(await emulator.stateList("messages").count == 1)
    }
  }

  @Test func rateLimitFailsWhenRetriesRunOut() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(sleep: sleeps.sleep) { emulator, client in
      await emulator.post("/faults", [("status", 429), ("count", 10)])
      let error = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "never"))
      }
      #expect(error?.shortDescription == "rate_limited")
      #expect(sleeps.recorded.count == 3)
      #expect(await emulator.stateList("messages").isEmpty)
    }
  }

  @Test func serverErrorAfterASendIsNotRetried() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(sleep: sleeps.sleep) { emulator, client in
      await emulator.post("/faults", [("status", 500), ("phase", "after"), ("count", 1)])
      let error = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "sent, answer lost"))
      }
      #expect(error?.shortDescription == "server_error")
      #expect(sleeps.recorded.isEmpty)
      #expect(await emulator.stateList("messages").count == 1)
    }
  }

  @Test func gatewayTimeoutIsRetriedOnlyWhenIdempotent() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(sleep: sleeps.sleep) { emulator, client in
      await emulator.post("/faults", [("status", 504), ("phase", "after"), ("count", 1)])
      let error = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "504"))
      }
      #expect(error?.status == 504)
      #expect(sleeps.recorded.isEmpty)
      #expect(await emulator.stateList("messages").count == 1)
      await emulator.post("/faults", [("status", 504), ("count", 1)])
      let customer = try await client.customer(phoneNumber: "+13105551234")
      #expect(customer.phoneNumber == "+13105551234")
      #expect(sleeps.recorded.count == 1)
    }
  }

  @Test func droppedConnectionAfterASendIsOutcomeUnknownAndNotRepeated() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(sleep: sleeps.sleep) { emulator, client in
      await emulator.post(
        "/faults", [("drop", true), ("phase", "after"), ("count", 1), ("path", "/api/v1/messages")])
      let error = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "maybe sent"))
      }
      #expect(error?.shortDescription == "outcome_unknown")
      #expect(sleeps.recorded.isEmpty)
      #expect(await emulator.stateList("messages").count == 1)
    }
  }

  @Test func droppedConnectionOnAReadIsRetried() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(sleep: sleeps.sleep) { emulator, client in
      _ = try await client.upsertCustomer(CustomerUpdate(phoneNumber: "+13105551234"))
      await emulator.post("/faults", [("drop", true), ("count", 1), ("method", "GET")])
      let customer = try await client.customer(phoneNumber: "+13105551234")
      #expect(customer.phoneNumber == "+13105551234")
      #expect(sleeps.recorded.count == 1)
    }
  }

  @Test func timeoutOnASendIsNotRetried() async throws {
    let sleeps = SleepRecorder()
    try await EmulatorHarness.with(client: { $0.timeout = .seconds(1) }, sleep: sleeps.sleep) {
      emulator, client in
      // The emulator stores the message, then answers 2.5 s later: the client gives up first.
      await emulator.post("/faults", [("latency_ms", 2500), ("count", 1), ("phase", "after")])
      let error = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "slow"))
      }
      #expect(error?.shortDescription == "outcome_unknown")
      #expect(sleeps.recorded.isEmpty)
      let stored = try await Self.eventually { await emulator.stateList("messages").count == 1 }
      #expect(stored)
    }
  }

  static func eventually(_ condition: @Sendable () async -> Bool) async throws -> Bool {
    for _ in 0..<100 {
      if await condition() { return true }
      try await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
  }

  @Test func connectionRefusedIsRetriedThenReported() async throws {
    let emulator = try await SonarEmulator(
      configuration: .init(logger: EmulatorHarness.quietLogger)
    ).start()
    let baseURL = emulator.baseURL
    await emulator.stop()
    let sleeps = SleepRecorder()
    let client = SonarClient(
      token: "secret-token-for-refused",
      configuration: .init(
        environment: try SonarEnvironment(baseURL: baseURL), retry: RetryPolicy(maxAttempts: 3)),
      sleep: sleeps.sleep)
    let error = await #expect(throws: SonarError.self) {
      try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "nobody home"))
    }
    #expect(error?.shortDescription == "connection_refused")
    #expect(sleeps.recorded.count == 2)
    #expect(error?.description.contains("secret-token-for-refused") == false)
  }

  @Test func rateLimitSpacesRequests() async throws {
    try await EmulatorHarness.with(client: { $0.requestsPerSecond = 20 }) { _, client in
      let clock = ContinuousClock()
      let start = clock.now
      for index in 0..<5 {
        _ = try await client.sendMessage(OutgoingMessage(to: "+1310555000\(index)", text: "hi"))
      }
      // Five starts at 20 per second need at least four 50 ms intervals.
      #expect(clock.now - start >= .milliseconds(190))
    }
  }
}
