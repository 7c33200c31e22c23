import Basics
import Emulator
import SonarAPI
import Testing

@Suite struct FaultInjectorTests {
  @Test func countedFaultsApplyToTheNextRequestsOnly() async throws {
    try await TestSupport.withEmulator { emulator in
      let added = await emulator.post("/faults", [("status", 503), ("count", 2)])
      #expect(added.status == 200)
      var statuses: [Int] = []
      for index in 0..<3 {
        statuses.append(
          try await TestSupport.form(
            "POST", emulator.baseURL + "/messages", "to=%2B1310555000\(index)&text=x"
          ).status)
      }
      #expect(statuses == [503, 503, 202])
    }
  }

  @Test func rateLimitCarriesRetryAfter() async throws {
    try await TestSupport.withEmulator { emulator in
      await emulator.post("/faults", [("status", 429), ("retry_after", 7)])
      let answer = try await TestSupport.form(
        "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=x")
      #expect(answer.status == 429)
      #expect(answer.headers.first(name: "Retry-After") == "7")
      #expect(answer.object?.keys == ["error"])
    }
  }

  @Test func fractionOneHitsEveryRequestUntilCleared() async throws {
    try await TestSupport.withEmulator { emulator in
      await emulator.post(
        "/faults", [("status", 500), ("fraction", 1.0), ("path", "/api/v1/customers")])
      for _ in 0..<3 {
        #expect(
          try await TestSupport.form(
            "POST", emulator.baseURL + "/customers", "phone_number=%2B13105551234"
          ).status == 500)
      }
      #expect(
        try await TestSupport.form(
          "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=x"
        ).status == 202)
      let cleared = try await TestSupport.send("DELETE", emulator.rootURL + "/_emulator/faults")
      #expect(cleared.json == .array([]))
      #expect(
        try await TestSupport.form(
          "POST", emulator.baseURL + "/customers", "phone_number=%2B13105551234"
        ).status == 200)
    }
  }

  @Test func latencyDelaysTheAnswer() async throws {
    try await TestSupport.withEmulator { emulator in
      await emulator.post("/faults", [("latency_ms", 300)])
      let clock = ContinuousClock()
      let start = clock.now
      _ = try await TestSupport.form(
        "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=x")
      #expect(clock.now - start >= .milliseconds(300))
    }
  }

  @Test func droppedConnectionsFailTheRequest() async throws {
    try await TestSupport.withEmulator { emulator in
      await emulator.post("/faults", [("drop", true)])
      await #expect(throws: (any Error).self) {
        _ = try await TestSupport.form(
          "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=x")
      }
      #expect(await emulator.stateList("messages").isEmpty)
    }
  }

  @Test(arguments: [
    #"{"status": 418}"#, #"{"fraction": 2.0, "status": 500}"#,
    #"{"phase": "during", "status": 500}"#,
    #"{"count": 3}"#, #"{"status": "x"}"#,
  ])
  func badFaultsAreRefused(_ text: String) async throws {
    try await TestSupport.withEmulator { emulator in
      let body = try #require(try JSONParser.parse(text).objectValue)
      let answer = await emulator.control(method: "POST", "/faults", body: body)
      #expect(answer.status == 400)
    }
  }
}
