import Basics
import Emulator
import SonarAPI
import Testing

/// Every error Sonar reports, produced by the emulator, read by the client: the right kind, a
/// message a user can act on, and never the token.
@Suite struct SonarErrorTests {
  static let cases: [(flags: [(String, JSONValue)], kind: String, message: String)] = [
    ([("subscription_active", false)], "no_active_subscription", "No Active Subscription"),
    ([("api_enabled", false)], "api_disabled", "Api Disabled For Company"),
    ([("company_status", "inactive")], "company_inactive", "Company inactive"),
    ([("company_status", "cancelled")], "company_cancelled", "Company cancelled"),
    ([("trial_message_limit", 0)], "trial_message_limit", "Trial Message Limit Reached"),
    ([("trial_customer_limit", 0)], "trial_customer_limit", "Trial Customer Limit Reached"),
  ]

  @Test(arguments: 0..<cases.count)
  func accountStatesBecomeTypedErrors(_ index: Int) async throws {
    let testCase = Self.cases[index]
    try await EmulatorHarness.with { emulator, client in
      await emulator.post("/account", testCase.flags)
      let error = await #expect(throws: SonarError.self) {
        try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "hi"))
      }
      #expect(error?.shortDescription == testCase.kind)
      #expect(error?.serverMessage == testCase.message)
      #expect(error?.status == 403)
      Self.expectNoToken(error)
    }
  }

  @Test func badTokenIsUnauthorizedInBothWordings() async throws {
    try await EmulatorHarness.with { emulator, _ in
      let wrong = SonarClient(
        token: "wrong-token-0123456789abcdefghijkl",
        configuration: .init(environment: try SonarEnvironment(baseURL: emulator.baseURL)))
      let modern = await #expect(throws: SonarError.self) {
        try await wrong.customer(phoneNumber: "+13105551234")
      }
      #expect(modern?.shortDescription == "unauthorized")
      #expect(modern?.serverMessage == "Token or publishable_key not found")
      #expect(modern?.description.contains("wrong-token-0123456789abcdefghijkl") == false)
      await emulator.post("/account", [("legacy_token_error", true)])
      let legacy = await #expect(throws: SonarError.self) {
        try await wrong.sendMessage(OutgoingMessage(to: "+13105551234", text: "x"))
      }
      #expect(legacy?.serverMessage == "Bad Token")
      #expect("\(String(describing: legacy))".contains("wrong-token") == false)
    }
  }

  @Test func badRequestCarriesSonarsMessage() async throws {
    try await EmulatorHarness.with { _, client in
      let response = try await client.call(
        RawRequest(method: "POST", path: "/messages", json: .object(JSONObject())))
      let error = SonarClient.error(from: response)
      #expect(error.shortDescription == "bad_request")
      #expect(error.serverMessage == "text is missing, to is missing")
      #expect(error.description.contains("text is missing, to is missing"))
    }
  }

  @Test(arguments: [
    (401, "Bad Token", "unauthorized"), (401, "Token or publishable_key not found", "unauthorized"),
    (403, "No Active Subscription", "no_active_subscription"),
    (403, "Api Disabled For Company", "api_disabled"),
    (403, "Company inactive", "company_inactive"), (403, "Company cancelled", "company_cancelled"),
    (403, "Trial Customer Limit Reached", "trial_customer_limit"),
    (403, "Trial Message Limit Reached", "trial_message_limit"), (403, "Forbidden", "forbidden"),
    (400, "Invalid Phone Number", "invalid_phone_number"),
    (403, "Invalid Phone Number", "invalid_phone_number"),
    (400, "phone_number is missing", "bad_request"), (404, "Customer not found", "not_found"),
    (400, "Duplicate message", "duplicate_message"), (429, "slow down", "rate_limited"),
    (500, "boom", "server_error"), (503, "", "server_error"),
    (408, "Request Timed Out", "server_timed_out"),
  ])
  func statusAndTextMapToAKind(_ status: Int, _ text: String, _ kind: String) {
    let error = SonarError.from(status: status, errorText: text, retryAfterSeconds: nil)
    #expect(error.shortDescription == kind)
    #expect(!error.description.isEmpty)
  }

  @Test func transportErrorsNeverShowTheToken() async throws {
    let token = "transport-secret-abcdefghijklmnop"
    let client = SonarClient(
      token: token,
      configuration: .init(
        environment: try SonarEnvironment(baseURL: "http://127.0.0.1:1/api/v1"), retry: .none))
    for call in 0..<3 {
      let error = await #expect(throws: SonarError.self) {
        switch call {
        case 0: _ = try await client.customer(phoneNumber: "+13105551234")  // token also in the query
        case 1: _ = try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "x"))
        default: _ = try await client.call(RawRequest(path: "/customers?token=\(token)"))
        }
      }
      Self.expectNoToken(error, token: token)
    }
  }

  static func expectNoToken(_ error: SonarError?, token: String = EmulatorHarness.token) {
    guard let error else { return }
    #expect(!error.description.contains(token))
    #expect(!String(reflecting: error).contains(token))
    #expect(!error.shortDescription.contains(token))
    #expect(!(error.serverMessage ?? "").contains(token))
  }
}
