import Basics
import Foundation
import SonarAPI
import Testing

/// Replays every recorded cassette: the client's request must match the recorded method, path, query
/// and body fields, and the recorded answer must decode to the expected value or typed error.
@Suite struct CassetteReplayTests {
  static let token = "replay-token-0123456789abcdefghij"

  @Test func allTwentyFourCassettesArePresent() {
    #expect(Cassette.names.count == 24)
  }

  @Test(arguments: Cassette.names)
  func replay(_ name: String) async throws {
    let cassette = try Cassette(named: name)
    try await RecordingServer.with(status: cassette.status, responseBody: cassette.responseBody) {
      baseURL, server in
      let client = SonarClient(
        token: Self.token,
        configuration: .init(environment: try SonarEnvironment(baseURL: baseURL), retry: .none))
      let outcome = await Self.perform(cassette, with: client)
      let request = try #require(server.requests.first, "no request reached the server for \(name)")
      #expect(server.requests.count == 1)
      Self.expectRequestMatches(request, cassette)
      try Self.expectOutcome(outcome, cassette)
    }
  }

  /// The typed call a Make module would make for this recording; recordings the typed API cannot
  /// produce (a misspelt field, a number the client refuses) go through "Make an API Call".
  static func perform(
    _ cassette: Cassette, with client: SonarClient
  ) async -> Result<
    Any, SonarError
  > {
    let body = cassette.requestBody
    func text(_ key: String) -> String? { body[key]?.stringValue }
    do {
      switch (cassette.method, cassette.path) {
      case ("POST", "/api/v1/customers") where text("phone_number").flatMap(PhoneNumber.init) != nil:
        let properties = (body["properties"]?.objectValue?.entries ?? []).map {
          CustomerUpdate.Property(name: $0.key, value: $0.value.stringValue ?? "")
        }
        return .success(
          try await client.upsertCustomer(
            CustomerUpdate(
              phoneNumber: text("phone_number") ?? "", firstName: text("first_name"),
              lastName: text("last_name"),
              email: text("email"), properties: properties)))
      case ("POST", "/api/v1/messages") where text("to").flatMap(PhoneNumber.init) != nil:
        return .success(
          try await client.sendMessage(OutgoingMessage(to: text("to") ?? "", text: text("text"))))
      case ("GET", "/api/v1/customers"):
        return .success(
          try await client.customer(phoneNumber: cassette.query["phone_number"]?.stringValue ?? ""))
      case ("POST", "/api/v1/customers/close"):
        try await client.closeCustomer(phoneNumber: text("phone_number") ?? "")
        return .success(true)
      case ("DELETE", "/api/v1/customers/properties"):
        let reference: CustomerReference =
          if let email = text("email") { .email(email) } else {
            .phoneNumber(text("phone_number") ?? "")
          }
        return .success(
          try await client.deleteProperty(named: text("property_name") ?? "", of: reference))
      case ("POST", "/api/v1/campaigns"):
        return .success(
          try await client.sendCampaign(
            CampaignSend(to: text("to") ?? "", campaignID: text("campaign_id") ?? "")))
      case ("GET", "/api/v1/phone_numbers/available"):
        return .success(
          try await client.availablePhoneNumber(publishableKey: "replay-publishable-key"))
      default:
        let response = try await client.call(
          RawRequest(
            method: cassette.method, path: String(cassette.path.dropFirst("/api/v1".count)),
            headers: [.init(name: "Content-Type", value: "application/x-www-form-urlencoded")],
            body: Array(try cassette.rawRequestBody.utf8)))
        guard (200..<300).contains(response.status) else {
          return .failure(SonarClient.error(from: response))
        }
        return .success(response)
      }
    } catch let error as SonarError {
      return .failure(error)
    } catch {
      return .failure(.transport(host: "test", reason: "\(error)"))
    }
  }

  static func expectRequestMatches(_ request: RecordingServer.Captured, _ cassette: Cassette) {
    #expect(request.method == cassette.method, "\(cassette.name)")
    #expect(request.path == cassette.path, "\(cassette.name)")
    // Query: the recorded token (REDACTED) is ours here.
    var expectedQuery = cassette.query
    if expectedQuery["token"] != nil { expectedQuery["token"] = .string(token) }
    #expect(
      normalized(FormEncoding.decode(request.query)) == normalized(expectedQuery),
      "\(cassette.name) query")
    // Body: same fields; phone numbers compare as E.164 (the client normalises, §4).
    let sentBody: JSONObject =
      request.header("content-type")?.contains("json") == true
      ? (try? JSONParser.parse(request.body))?.objectValue ?? JSONObject()
      : FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
    #expect(normalized(sentBody) == normalized(cassette.requestBody), "\(cassette.name) body")
    // Credentials: the publishable key alone on its call; the token (as X-Token) everywhere else.
    if cassette.path.hasSuffix("/phone_numbers/available") {
      #expect(request.header("x-publishable-key") == "replay-publishable-key")
      #expect(request.header("x-token") == nil)
    } else {
      #expect(request.header("x-token") == token, "\(cassette.name) token header")
    }
  }

  /// Phone fields as E.164 when they are phone numbers, key order ignored.
  static func normalized(_ object: JSONObject) -> [String: JSONValue] {
    var result: [String: JSONValue] = [:]
    for entry in object.entries {
      if ["phone_number", "to"].contains(entry.key), let text = entry.value.stringValue,
        let phone = PhoneNumber(text)
      {
        result[entry.key] = .string(phone.e164)
      } else {
        result[entry.key] = entry.value
      }
    }
    return result
  }

  static func expectOutcome(_ outcome: Result<Any, SonarError>, _ cassette: Cassette) throws {
    let recorded = try #require(try JSONParser.parse(cassette.responseBody).objectValue)
    if let errorText = recorded["error"]?.stringValue {
      guard case .failure(let error) = outcome else {
        Issue.record("\(cassette.name): expected an error, got \(outcome)")
        return
      }
      let expectedKind: String =
        switch errorText {
        case "Bad Token", "Token or publishable_key not found": "unauthorized"
        case "Api Disabled For Company": "api_disabled"
        case "No Active Subscription": "no_active_subscription"
        case "Invalid Phone Number": "invalid_phone_number"
        default: "bad_request"
        }
      #expect(error.shortDescription == expectedKind, "\(cassette.name)")
      #expect(error.serverMessage == errorText, "\(cassette.name)")
      #expect(error.status == cassette.status, "\(cassette.name)")
      #expect(!error.description.contains(token))
      return
    }
    let value = try outcome.get()
    switch value {
    case let result as CustomerUpsertResult:
      #expect(result.wasCreated == (cassette.status == 201))
      #expect(result.customer.json == recorded)
      #expect(result.customer.properties == ["great_customer": "true"])
      if cassette.name == "add_customer" { #expect(result.customer.id == 5) }
    case let customer as Customer:
      #expect(customer.phoneNumber == "+13105551111")
      #expect(customer.firstName == "One")
      #expect(customer.assignedPhoneNumber == "+17573780424")
      #expect(customer.isSubscribed == true)
      #expect(customer.properties == ["great_customer": "true", "first_customer": "true"])
      #expect(customer.unsubscribedAt == nil && customer.externalID == nil)
    case let receipt as MessageReceipt:
      #expect(receipt.status == .queued)
      #expect(receipt.to == recorded["to"]?.stringValue)
      #expect(receipt.text == recorded["text"]?.stringValue)
    case let deletion as PropertyDeletion:
      #expect(deletion.wasDeleted)
      #expect(deletion.propertyName == recorded["property_name"]?.stringValue)
      #expect(deletion.propertyValue == recorded["property_value"]?.stringValue)
      #expect(deletion.phoneNumber == "+13105551111")
    case let number as String:
      #expect(number == "7573780424")
    case let closed as Bool:
      #expect(closed)
    default:
      Issue.record("\(cassette.name): unexpected value \(value)")
    }
  }
}
